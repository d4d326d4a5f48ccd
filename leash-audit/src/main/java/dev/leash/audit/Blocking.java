package dev.leash.audit;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.Set;

/**
 * Recognises blocking calls by name and shape, the receiver's name disambiguating where needed, and blocking-queue and
 * channel calls by the receiver's declared type ({@link DeclaredTypes}).
 */
final class Blocking {
  /** Types whose {@code put} waits for room or for a taker. */
  private static final Set<String> PUT_BLOCKS = Set.of("SynchronousQueue", "BlockingQueue", "BlockingDeque",
      "LinkedBlockingQueue", "ArrayBlockingQueue", "LinkedBlockingDeque");
  private static final Set<String> DEQUES = Set.of("BlockingDeque", "LinkedBlockingDeque");
  private static final Set<String> TRANSFER = Set.of("TransferQueue", "LinkedTransferQueue");
  /** Types whose {@code take} waits for an element (every blocking queue). */
  private static final Set<String> TAKE_BLOCKS = Set.of("SynchronousQueue", "BlockingQueue", "BlockingDeque",
      "LinkedBlockingQueue", "ArrayBlockingQueue", "LinkedBlockingDeque", "TransferQueue", "LinkedTransferQueue",
      "PriorityBlockingQueue", "DelayQueue");
  private static final Set<String> IO_RECEIVER_HINTS =
      Set.of("input", "stream", "socket", "reader", "channel", "conn", "in");

  private Blocking() {}

  /** A blocking call with no timeout that waits for another thread: take, Future.get, join, await, wait, acquire. */
  static String untimedWait(MethodCallExpr m) {
    String n = m.getNameAsString();
    int args = Syntax.args(m);
    if (args != 0 || m.getScope().isEmpty() && !n.equals("wait")) {
      return null;
    }
    return switch (n) {
      case "take" -> "take()";
      case "join" -> "join()";
      case "await" -> "await()";
      case "wait" -> "wait()";
      case "acquire" -> "acquire()";
      case "get" -> futureLike(m.getScope().get()) ? "Future.get()" : null;
      default -> null;
    };
  }

  static boolean futureLike(Expression scope) {
    Expression s = Syntax.unwrap(scope);
    if (s instanceof MethodCallExpr c) {
      String n = c.getNameAsString();
      return n.equals("submit") || n.endsWith("Async") || n.equals("schedule");
    }
    String name = Syntax.handleName(s);
    return Syntax.nameContains(name, "future", "promise") || "f".equals(name);
  }

  /**
   * A call that waits for another thread, told by the declared type of its receiver: {@code put} (and
   * {@code putFirst}/{@code putLast}) on a bounded or hand-off blocking queue, {@code transfer} on a transfer queue,
   * {@code take} on any blocking queue, and Leash's {@code Channel.send(ctx, v)} / {@code receive(ctx)} unless the
   * context is visibly timed ({@code ctx.withTimeout(..)} / {@code withDeadline(..)}, directly or through a local).
   * {@code offer}/{@code poll} never match: without a timeout they return at once.
   *
   * @return a short description ({@code "SynchronousQueue.put()"}), or null
   */
  static String byReceiverType(MethodCallExpr m) {
    if (m.getScope().isEmpty()) {
      return null;
    }
    String n = m.getNameAsString();
    int args = Syntax.args(m);
    boolean maybe = args == 1 && (n.equals("put") || n.equals("putFirst") || n.equals("putLast")
        || n.equals("transfer") || n.equals("receive")) || args == 0 && n.startsWith("take") || args == 2
        && n.equals("send");
    if (!maybe) {
      return null;
    }
    DeclaredTypes.Declaration d = DeclaredTypes.of(m.getScope().get());
    if (d == null) {
      return null;
    }
    String t = d.type();
    boolean blocks = switch (n) {
      case "put" -> args == 1 && PUT_BLOCKS.contains(t);
      case "putFirst", "putLast" -> args == 1 && DEQUES.contains(t);
      case "transfer" -> args == 1 && TRANSFER.contains(t);
      case "take", "takeFirst", "takeLast" -> args == 0 && TAKE_BLOCKS.contains(t)
          && (n.equals("take") || DEQUES.contains(t));
      default -> false;
    };
    if (blocks) {
      return t + "." + n + "()";
    }
    if (t.equals("Channel") && (n.equals("send") && args == 2 || n.equals("receive") && args == 1)
        && !timedContext(m.getArgument(0))) {
      return "Channel." + n + "() without a context timeout";
    }
    return null;
  }

  private static boolean timedContext(Expression ctx) {
    Expression e = Syntax.unwrap(ctx);
    if (e instanceof MethodCallExpr c) {
      return c.getNameAsString().equals("withTimeout") || c.getNameAsString().equals("withDeadline");
    }
    DeclaredTypes.Declaration d = DeclaredTypes.of(e);
    return d != null && d.initializer() instanceof MethodCallExpr c
        && (c.getNameAsString().equals("withTimeout") || c.getNameAsString().equals("withDeadline"));
  }

  /** Sleep in any form: Thread.sleep, TimeUnit.X.sleep. */
  static boolean sleep(MethodCallExpr m) {
    if (!m.getNameAsString().equals("sleep")) {
      return false;
    }
    if (m.getScope().isEmpty()) {
      return false;
    }
    String s = m.getScope().get().toString();
    return s.equals("Thread") || s.equals("java.lang.Thread") || s.contains("TimeUnit.") || s.equals("SECONDS")
        || s.equals("MILLISECONDS") || s.equals("MINUTES") || s.equals("NANOSECONDS") || s.equals("MICROSECONDS");
  }

  /** Blocking I/O or a remote call: read/readLine/accept/connect on a stream or socket, HttpClient.send. */
  static String io(MethodCallExpr m) {
    String n = m.getNameAsString();
    String scope = Syntax.scopeName(m);
    if (n.equals("readLine") && Syntax.args(m) == 0) {
      return "readLine()";
    }
    if (n.equals("accept") && Syntax.args(m) == 0 && Syntax.nameContains(scope, "server", "socket", "channel")) {
      return "accept()";
    }
    if ((n.equals("read") || n.equals("readAllBytes") || n.equals("readNBytes")) && scope != null
        && ioReceiver(scope)) {
      return n + "()";
    }
    if (n.equals("connect") && Syntax.nameContains(scope, "socket", "channel")) {
      return "connect()";
    }
    if (n.equals("send") && Syntax.nameContains(scope, "http")) {
      return "HttpClient.send()";
    }
    return null;
  }

  private static boolean ioReceiver(String scope) {
    if (scope.equals("in")) {
      return true;
    }
    for (String h : IO_RECEIVER_HINTS) {
      if (!h.equals("in") && Syntax.nameContains(scope, h)) {
        return true;
      }
    }
    return false;
  }

  /** A call that parks the thread for a while in any form (used to tell spins from waits). */
  static boolean anyBlocking(MethodCallExpr m) {
    String n = m.getNameAsString();
    if (untimedWait(m) != null || sleep(m) || io(m) != null) {
      return true;
    }
    return switch (n) {
      case "poll", "offer", "tryAcquire", "tryLock", "get", "join", "await", "awaitTermination", "wait" ->
          Syntax.args(m) > 0 || n.equals("wait") || n.equals("get") && m.getScope().isPresent()
              && futureLike(m.getScope().get());
      case "park", "parkNanos", "parkUntil", "onSpinWait", "select", "put", "transfer", "exchange", "receive",
          "take", "acquire", "invokeAll", "invokeAny", "sleep", "read", "readLine", "accept", "lock",
          "lockInterruptibly", "drainTo", "send", "awaitUninterruptibly", "awaitNanos", "awaitUntil", "recv",
          "waitFor", "readInt", "readLong", "readFully", "nextLine", "next" -> true;
      default -> false;
    };
  }
}
