package dev.leash;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;

/**
 * The one answer, for every owner ({@link TaskGroup} and the owners built on it, {@link Supervisor},
 * {@link ServiceGroup} and its shutdown), to "did this task obey its context, or did it fail?". A task that ends by
 * throwing, once its context is done, one of these has obeyed:
 *
 * <ul>
 *   <li>a {@link CancelledException} (a {@link DeadlineExceededException} included) or an {@link InterruptedException};
 *   <li>I/O cut short by the interrupt that comes with the cancel: {@link ClosedByInterruptException}, any other
 *       {@link InterruptedIOException} except a {@link SocketTimeoutException} (a timeout is not the stop signal);
 *   <li>a {@link SocketException} while the thread's interrupt flag is still set (a virtual thread's socket is closed
 *       when the thread is interrupted, which ends a blocked read with "Closed by interrupt").
 * </ul>
 *
 * <p>Anything else, or anything thrown while the context is not done, is a failure. Call it on the thread that ran the
 * task, before clearing its interrupt flag.
 */
final class StopRule {
  private StopRule() {}

  /** Whether {@code t}, thrown by a task whose context is {@code ctx}, is the task obeying that context. */
  static boolean obeyed(Context ctx, Throwable t) {
    return ctx.isDone() && stopSignal(t);
  }

  /** Whether {@code t} is how a blocking call reports the stop signal (without looking at any context). */
  static boolean stopSignal(Throwable t) {
    if (t instanceof CancelledException
        || t instanceof InterruptedException
        || t instanceof ClosedByInterruptException
        || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
      return true;
    }
    return t instanceof SocketException && Thread.currentThread().isInterrupted();
  }
}
