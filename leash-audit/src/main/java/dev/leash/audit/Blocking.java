package dev.leash.audit;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.Set;

/** Recognises blocking calls by name and shape (no types: the receiver's name disambiguates where needed). */
final class Blocking {
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
