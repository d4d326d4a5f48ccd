package dev.leash.examples.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Consumer;

/**
 * Seed 004 task 7, leaky: the mini-service as it is usually written. Two threads, no owner, no stop signal, no
 * close: the consumer waits in {@code take()} ({@code orphaned-consumer}) and the flusher sleeps and flushes for
 * ever ({@code unstopped-scheduler}).
 */
public final class LeakyService {
  private final SynchronousQueue<String> in = new SynchronousQueue<>();
  private final Consumer<String> sink;
  private final Duration flushEvery;
  private final Thread consumer;
  private final Thread flusher;

  /** Starts the consumer and the flusher; messages and "flush" lines go to {@code sink}. */
  public LeakyService(Duration flushEvery, Consumer<String> sink) {
    this.sink = sink;
    this.flushEvery = flushEvery;
    consumer = new Thread(this::consume);
    flusher = new Thread(this::flush);
    consumer.start();
    flusher.start();
  }

  /**
   * Hands {@code msg} to the consumer.
   *
   * @throws InterruptedException if interrupted while waiting for the consumer
   */
  public void submit(String msg) throws InterruptedException {
    in.put(msg);
  }

  private void consume() {
    try {
      while (true) {
        String msg = in.take();
        Thread.sleep(10);
        sink.accept(msg);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flush() {
    try {
      while (true) {
        Thread.sleep(flushEvery);
        sink.accept("flush");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The two threads (test clean-up and the runner's report). */
  List<Thread> threads() {
    return List.of(consumer, flusher);
  }

  /** Interrupts and joins both threads (test clean-up). */
  void stopThreads() throws InterruptedException {
    for (Thread t : threads()) {
      t.interrupt();
      t.join();
    }
  }
}
