package dev.leash;

/**
 * Thrown when a value is sent on a {@link Channel} that is closed, or that was closed while the sender waited. The
 * value was not delivered and will never be received.
 */
public class ChannelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A send refused because the channel is closed. */
  public ChannelClosedException(String message) {
    super(message);
  }
}
