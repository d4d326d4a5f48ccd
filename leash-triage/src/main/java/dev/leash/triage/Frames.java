package dev.leash.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Frame strings: normalisation of the dump formats to one shape, and the "similar" folding key. */
final class Frames {
  private Frames() {}

  private static final Pattern LINE = Pattern.compile(":\\d+\\)$");
  private static final Pattern HIDDEN = Pattern.compile("/0x[0-9a-fA-F]+");
  private static final Pattern LAMBDA_CLASS = Pattern.compile("\\$\\$Lambda(\\$\\d+)?");
  private static final Pattern LAMBDA_METHOD = Pattern.compile("lambda\\$([^$.(]*)\\$\\d+");
  private static final Pattern PROXY = Pattern.compile("\\$Proxy\\d+|GeneratedMethodAccessor\\d+|"
      + "GeneratedConstructorAccessor\\d+|\\$\\$(EnhancerBy\\w+|FastClassBy\\w+|SpringCGLIB)\\$\\$[0-9a-fA-F]+(_\\d+)?|"
      + "\\$HibernateProxy\\$\\w+|\\$ByteBuddy\\$\\w+|jdk\\.proxy\\d+");

  /**
   * One frame as {@code class.method(File.java:line)}: drops the class loader and module prefix of
   * {@code StackTraceElement.toString()} ({@code app//}, {@code java.base/}) and the module inside the parentheses of
   * jstack frames ({@code (java.base@25/Thread.java:1)}), keeping hidden-class names ({@code X$$Lambda/0x..}) whole.
   */
  static String normalize(String f) {
    int paren = f.indexOf('(');
    String head = paren < 0 ? f : f.substring(0, paren);
    String tail = paren < 0 ? "" : f.substring(paren);
    int end = head.length();
    while (true) {
      int s = head.lastIndexOf('/', end - 1);
      if (s < 0) {
        break;
      }
      if (head.startsWith("0x", s + 1)) {
        end = s;
        continue;
      }
      head = head.substring(s + 1);
      break;
    }
    int ts = tail.lastIndexOf('/');
    if (ts >= 0) {
      tail = "(" + tail.substring(ts + 1);
    }
    return tail.isEmpty() ? head : head + tail;
  }

  /** The class-and-method part of a normalized frame ({@code java.util.concurrent.LinkedBlockingQueue.take}). */
  static String method(String frame) {
    int paren = frame.indexOf('(');
    return paren < 0 ? frame : frame.substring(0, paren);
  }

  /** The class name of a normalized frame. */
  static String className(String frame) {
    String m = method(frame);
    int dot = m.lastIndexOf('.');
    return dot < 0 ? m : m.substring(0, dot);
  }

  /** True for frames a JVM hides from some dump formats and shows in others (lambda glue, {@code runWith}). */
  static boolean isGlue(String frame) {
    return frame.contains("$$Lambda") || frame.startsWith("java.lang.Thread.runWith(")
        || frame.startsWith("jdk.internal.vm.Continuation.enter");
  }

  /** The frame without line number, lambda / hidden-class / generated-proxy suffixes. */
  static String fold(String frame) {
    String f = LINE.matcher(frame).replaceFirst(")");
    f = HIDDEN.matcher(f).replaceAll("");
    f = LAMBDA_CLASS.matcher(f).replaceAll("\\$\\$Lambda");
    f = LAMBDA_METHOD.matcher(f).replaceAll("lambda\\$$1");
    return PROXY.matcher(f).replaceAll("\\$Proxy");
  }

  /** The folded stack: glue frames dropped, the rest folded. */
  static List<String> foldStack(List<String> stack) {
    List<String> out = new ArrayList<>(stack.size());
    for (String f : stack) {
      if (!isGlue(f)) {
        out.add(fold(f));
      }
    }
    return out;
  }
}
