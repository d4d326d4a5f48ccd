package dev.leash.examples.service;

import dev.leash.Channel;
import dev.leash.ChannelClosedException;
import dev.leash.Context;
import dev.leash.Loop;
import dev.leash.TaskGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Seed 004 tasks 7 and 7.1, fixed with Leash: the mini-service with an owner, a stop signal and a wait point. The
 * consumer receives from a {@link Channel} with its context; the flusher is a {@link Loop}. {@link #close()} stops
 * accepting, lets the consumer finish the message it holds, stops the flusher and returns once both threads have
 * ended. Cancelling the parent context stops both as well.
 */
public final class Service implements AutoCloseable {
  private final Channel<String> in = Channel.unbuffered();
  private final TaskGroup consumer;
  private final Loop flusher;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger shutdowns = new AtomicInteger();

  /** Starts the service under {@code parent}; messages and "flush" lines go to {@code sink}. */
  public Service(Context parent, Duration flushEvery, Consumer<String> sink) {
    consumer = TaskGroup.builder().name("service").open(parent);
    consumer.go(c -> {
      for (String msg : in.values(c)) {
        Thread.sleep(10);
        sink.accept(msg);
      }
    });
    flusher = Loop.builder().name("service-flush").fixedDelay(parent, flushEvery, c -> sink.accept("flush"));
  }

  /**
   * Hands {@code msg} to the consumer, waiting until it takes it.
   *
   * @throws IllegalStateException if the service is closed
   * @throws dev.leash.CancelledException if {@code ctx} or the service's parent is done first
   */
  public void submit(Context ctx, String msg) {
    if (consumer.context().isDone()) {
      throw new IllegalStateException("service is closed");
    }
    try {
      in.send(ctx, msg);
    } catch (ChannelClosedException e) {
      throw new IllegalStateException("service is closed", e);
    }
  }

  /**
   * Stops accepting, waits for the consumer to finish its message, stops the flusher and waits for both threads.
   * Idempotent and safe from many threads: one call shuts down, the others wait for it.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      shutdowns.incrementAndGet();
      in.close();
    }
    try {
      consumer.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() below cancels and still waits
    }
    consumer.close();
    flusher.close();
  }

  /** How many times the service actually shut down (1 after any number of close() calls). */
  public int shutdowns() {
    return shutdowns.get();
  }
}
