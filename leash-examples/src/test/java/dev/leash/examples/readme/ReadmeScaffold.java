package dev.leash.examples.readme;

import dev.leash.Context;
import java.io.IOException;

/**
 * The stand-ins the README's snippets use without declaring them. A snippet that is not a whole class is compiled as
 * the body of a method of a subclass of this class: the methods below are in scope, and the variables a reader has
 * at hand ({@code ctx}, {@code urls}, {@code order}) are the method's parameters ({@link ReadmeSnippets#PARAMETERS}),
 * so a snippet that redeclares one of them fails as it would in real code. They do nothing; what is checked is that
 * each snippet, as printed, is valid Java against Leash's real API. A new snippet that uses another undeclared name
 * fails {@link ReadmeSnippetsTest} until it is added here.
 */
public abstract class ReadmeScaffold {
  /** A job type for the WorkerPool snippet. */
  public record Order(String id) {}

  /**
   * Fetches a URL, watching {@code ctx}.
   *
   * @throws IOException never here; the real one may
   */
  protected String fetch(Context ctx, String url) throws IOException {
    return "";
  }

  /** Ships an order, watching {@code ctx}. */
  protected void ship(Context ctx, Order order) {}
}
