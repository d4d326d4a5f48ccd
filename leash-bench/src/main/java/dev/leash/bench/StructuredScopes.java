package dev.leash.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The JDK's preview {@code StructuredTaskScope} through method handles: {@code StructuredTaskScope.open()} on JDK 25,
 * {@code new StructuredTaskScope<>()} on JDK 21-24. Needs {@code --enable-preview} at run time.
 */
final class StructuredScopes {
  private final MethodHandle open;
  private final MethodHandle fork;
  private final MethodHandle join;
  private final MethodHandle close;

  StructuredScopes() {
    try {
      Class<?> sts = Class.forName("java.util.concurrent.StructuredTaskScope");
      MethodHandles.Lookup l = MethodHandles.publicLookup();
      MethodHandle o;
      try {
        o = l.findStatic(sts, "open", MethodType.methodType(sts));
      } catch (NoSuchMethodException jdk21) {
        o = l.findConstructor(sts, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
      }
      Class<?> subtask = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask");
      open = o.asType(MethodType.methodType(Object.class));
      fork = l.findVirtual(sts, "fork", MethodType.methodType(subtask, Callable.class))
          .asType(MethodType.methodType(Object.class, Object.class, Callable.class));
      join = l.findVirtual(sts, "join", MethodType.methodType(joinReturn(sts)))
          .asType(MethodType.methodType(Object.class, Object.class));
      close = l.findVirtual(sts, "close", MethodType.methodType(void.class))
          .asType(MethodType.methodType(void.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("StructuredTaskScope is not available on this JDK", e);
    }
  }

  private static Class<?> joinReturn(Class<?> sts) throws NoSuchMethodException {
    return sts.getMethod("join").getReturnType();
  }

  Scope open() throws Throwable {
    return new Scope(open.invoke());
  }

  /** One open scope; {@link #fork} returns the subtask as a supplier of its result. */
  final class Scope implements AutoCloseable {
    private final Object scope;

    private Scope(Object scope) {
      this.scope = scope;
    }

    Supplier<Object> fork(Callable<Object> task) throws Throwable {
      @SuppressWarnings("unchecked")
      Supplier<Object> subtask = (Supplier<Object>) fork.invoke(scope, task);
      return subtask;
    }

    void join() throws Throwable {
      join.invoke(scope);
    }

    @Override
    public void close() {
      try {
        close.invoke(scope);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
