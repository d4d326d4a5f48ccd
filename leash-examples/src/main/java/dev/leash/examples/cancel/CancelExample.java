package dev.leash.examples.cancel;

import dev.leash.CancellableContext;
import dev.leash.Context;
import dev.leash.examples.Demo;
import java.io.PrintWriter;

/** Runs seed 002 exercise 13: cancel a timeout context as soon as the result is in. Argument: calls (default 100). */
public final class CancelExample {
  private CancelExample() {}

  /** Makes the calls with each version and prints what the downstream still holds. */
  public static void run(PrintWriter out, String... args) {
    int calls = Demo.intArg(args, 0, "calls", 100);
    Demo.heading(out, "leaky: Context ctx = parent.withTimeout(30 s); query(ctx); never cancelled");
    Downstream leakyDown = new Downstream();
    try (CancellableContext request = Context.background().withCancel()) {
      for (int i = 0; i < calls; i++) {
        LeakyLookup.lookup(request, leakyDown, "q" + i);
      }
      out.printf("%d calls returned; the downstream still holds %d resources, until each deadline (30 s)%n", calls,
          leakyDown.held());
    }
    out.printf("(cancelling the request's context releases them: %d held)%n", leakyDown.held());

    Demo.heading(out, "leash: try (CancellableContext ctx = parent.withTimeout(30 s)) { query(ctx); }");
    Downstream down = new Downstream();
    try (CancellableContext request = Context.background().withCancel()) {
      for (int i = 0; i < calls; i++) {
        Lookup.lookup(request, down, "q" + i);
      }
      out.printf("%d calls returned; the downstream holds %d resources%n", calls, down.held());
    }
  }
}
