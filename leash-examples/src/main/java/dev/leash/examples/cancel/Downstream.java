package dev.leash.examples.cancel;

import dev.leash.Context;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a downstream service whose calls hold a resource (a connection, a server-side cursor, a stream)
 * until the caller's context is done, as gRPC streams and many database drivers do. {@link #held()} counts them.
 */
public final class Downstream {
  private final AtomicInteger held = new AtomicInteger();

  /** Answers {@code q}, holding a resource until {@code ctx} is done. */
  public String query(Context ctx, String q) {
    held.incrementAndGet();
    ctx.onDone(held::decrementAndGet);
    return "rows for " + q;
  }

  /** How many resources are held now. */
  public int held() {
    return held.get();
  }
}
