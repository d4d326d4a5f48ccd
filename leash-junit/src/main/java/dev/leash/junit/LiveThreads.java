package dev.leash.junit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every live thread of this JVM, platform and virtual, with its {@link Thread} object so the detector can join it.
 *
 * <p>Virtual threads are not listed by {@link Thread#getAllStackTraces()}. The JDK keeps them in thread containers
 * (the ones its JSON thread dump walks); reading those takes about 0.1 ms for a thousand threads but needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}. Without it, {@link #available()} is false and the
 * detector falls back to a JSON thread dump, which costs milliseconds per check.
 */
final class LiveThreads {
  private static final MethodHandle ROOT;
  private static final MethodHandle THREADS;
  private static final MethodHandle CHILDREN;

  static {
    MethodHandle root = null;
    MethodHandle threads = null;
    MethodHandle children = null;
    try {
      Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
      Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
      MethodHandles.Lookup l = MethodHandles.lookup();
      root = l.findStatic(containers, "root", MethodType.methodType(container))
          .asType(MethodType.methodType(Object.class));
      threads = l.findVirtual(container, "threads", MethodType.methodType(Stream.class))
          .asType(MethodType.methodType(Stream.class, Object.class));
      children = l.findVirtual(container, "children", MethodType.methodType(Stream.class))
          .asType(MethodType.methodType(Stream.class, Object.class));
      root.invoke();
    } catch (Throwable notExported) {
      root = null;
    }
    ROOT = root;
    THREADS = threads;
    CHILDREN = children;
  }

  private LiveThreads() {}

  /** Whether virtual threads can be listed cheaply (the JDK's thread containers are exported to us). */
  static boolean available() {
    return ROOT != null;
  }

  /** Every live thread by id, or null when {@link #available()} is false. */
  static Map<Long, Thread> all() {
    if (ROOT == null) {
      return null;
    }
    Map<Long, Thread> out = new HashMap<>();
    try {
      collect(ROOT.invoke(), out);
    } catch (Throwable e) {
      throw new IllegalStateException("could not list the JVM's threads", e);
    }
    return out;
  }

  /** Platform threads only, always available. */
  static Map<Long, Thread> platform() {
    Map<Long, Thread> out = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      out.put(t.threadId(), t);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object container, Map<Long, Thread> out) throws Throwable {
    try (Stream<Thread> s = (Stream<Thread>) THREADS.invoke(container)) {
      s.forEach(t -> {
        if (t.isAlive()) {
          out.put(t.threadId(), t);
        }
      });
    }
    List<Object> kids;
    try (Stream<Object> s = (Stream<Object>) CHILDREN.invoke(container)) {
      kids = s.toList();
    }
    for (Object k : kids) {
      collect(k, out);
    }
  }
}
