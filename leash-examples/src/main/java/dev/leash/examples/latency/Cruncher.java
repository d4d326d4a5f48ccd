package dev.leash.examples.latency;

import dev.leash.Context;

/**
 * Seed 004 task 8.1, fixed: the CPU-bound loop checks {@link Context#isDone()} (a volatile read) every 2^20
 * iterations, a few milliseconds at most, and stops with the context's cause.
 */
public final class Cruncher {
  private Cruncher() {}

  /**
   * Counts to {@code n}, stopping early once {@code ctx} is done.
   *
   * @throws dev.leash.CancelledException if {@code ctx} is done before the count ends
   */
  public static long crunch(Context ctx, long n) {
    long acc = 0;
    for (long i = 0; i < n; i++) {
      acc += i ^ (acc >>> 7);
      if ((i & 0xFFFFF) == 0) {
        ctx.throwIfDone();
      }
    }
    return acc;
  }
}
