package dev.leash.examples.http;

import dev.leash.CancellableContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * Cancels a request's context when its client goes away while the handler works: Go's {@code r.Context().Done()} for
 * Jetty.
 *
 * <p>Jetty 12 does not read from an HTTP/1.1 connection while a handler runs, so a client that closes its socket goes
 * unnoticed until the response is written. This watch registers fill interest on the connection's endpoint (only
 * requests without a body are watched, so no request content can be taken away); when the endpoint becomes readable it
 * reads: end of stream or an error means the client is gone and the context is cancelled; bytes mean the client
 * pipelined its next request, which is dropped and the response marked {@code Connection: close} (a client that
 * pipelines must retry what a closing connection did not answer). {@link #stop()} withdraws the fill interest before
 * the response is completed, so the connection reads its next request itself.
 */
final class DisconnectWatch implements Callback {
  /** Why a watch was withdrawn; never seen by the request. */
  private static final class Withdrawn extends Exception {
    private static final long serialVersionUID = 1L;

    Withdrawn() {
      super("disconnect watch withdrawn", null, false, false);
    }
  }

  private final EndPoint endPoint;
  private final CancellableContext ctx;
  /** Held while reading and while stopping: once {@link #stop()} returns, no read runs or will run. */
  private final ReentrantLock lock = new ReentrantLock();
  private boolean stopped;
  private volatile boolean pipelined;

  private DisconnectWatch(EndPoint endPoint, CancellableContext ctx) {
    this.endPoint = endPoint;
    this.ctx = ctx;
  }

  /**
   * Starts watching {@code endPoint}, cancelling {@code ctx} when the client disconnects.
   *
   * @return the watch, or {@code null} if the endpoint is already being read (nothing to watch then)
   */
  static DisconnectWatch start(EndPoint endPoint, CancellableContext ctx) {
    DisconnectWatch w = new DisconnectWatch(endPoint, ctx);
    return endPoint.tryFillInterested(w) ? w : null;
  }

  /**
   * Whether the client sent its next request early (the response must then close the connection); final once
   * {@link #stop()} has returned.
   */
  boolean pipelined() {
    return pipelined;
  }

  /** Withdraws the fill interest if it is still registered; idempotent. Call before completing the response. */
  void stop() {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      stopped = true;
    } finally {
      lock.unlock();
    }
    if (endPoint instanceof AbstractEndPoint a) {
      // Fails the registered callback (ours: no one else reads while the handler runs) and clears the interest.
      a.getFillInterest().onFail(new Withdrawn());
    }
  }

  /** The endpoint is readable. */
  @Override
  public void succeeded() {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      int n = endPoint.fill(ByteBuffer.allocate(512).flip()); // non-blocking
      if (n < 0) {
        ctx.cancel(new ClientGoneException("client closed the connection"));
      } else if (n > 0) {
        pipelined = true;
      } else {
        endPoint.tryFillInterested(this);
      }
    } catch (IOException e) {
      ctx.cancel(new ClientGoneException("connection failed: " + e));
    } finally {
      lock.unlock();
    }
  }

  /** The interest was withdrawn, or the endpoint failed or was closed. */
  @Override
  public void failed(Throwable x) {
    if (!(x instanceof Withdrawn)) {
      ctx.cancel(new ClientGoneException("connection failed: " + x));
    }
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  /** The cause a request's context is cancelled with when its client went away. */
  static final class ClientGoneException extends Exception {
    private static final long serialVersionUID = 1L;

    ClientGoneException(String message) {
      super(message, null, false, false);
    }
  }
}
