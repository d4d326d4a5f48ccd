package dev.leash.junit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Java floor of the leak check. Compiled for Java 8 with the other entry points the JUnit Platform loads on its
 * own (the extension, the listener, the engine), so that on an older JVM they load, say once that the check is off,
 * and do nothing; the classes that do the work (Java 21) are only loaded once {@link #supported()} said yes.
 */
final class Floor {
  /** The oldest Java the checks run on: virtual threads and {@code Thread.threadId()} came in 21. */
  static final int JAVA = 21;
  private static final AtomicBoolean TOLD = new AtomicBoolean();

  private Floor() {}

  /** True on Java 21 or newer; otherwise prints one notice per JVM on stderr and returns false. */
  static boolean supported() {
    int v = feature();
    if (v >= JAVA) {
      return true;
    }
    if (TOLD.compareAndSet(false, true)) {
      System.err.println("leash: the thread leak check needs Java " + JAVA + " or newer; this JVM is Java " + v
          + ", so leash-junit does nothing in this run (tests run as usual).");
    }
    return false;
  }

  /** The running Java's feature release: 8 for "1.8", 17 for "17". */
  static int feature() {
    String s = System.getProperty("java.specification.version", "0");
    if (s.startsWith("1.")) {
      s = s.substring(2);
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Creates the Java 21 implementation class {@code name} of this package (only call after {@link #supported()}). */
  static Object create(String name) {
    try {
      return Class.forName("dev.leash.junit." + name, true, Floor.class.getClassLoader()).getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("leash-junit is incomplete: cannot create dev.leash.junit." + name, e);
    }
  }
}
