package com.example.pool;

import java.util.concurrent.LinkedBlockingQueue;

/** A tiny library class with one worker thread, stopped by {@link #close()}: the code a library's own tests test. */
public final class Pool implements AutoCloseable {
  private static final Runnable STOP = () -> { };
  private final LinkedBlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
  private final Thread worker;

  public Pool(String name) {
    worker = new Thread(this::work, name);
    worker.setDaemon(true);
    worker.start();
  }

  public void submit(Runnable job) {
    jobs.add(job);
  }

  private void work() {
    try {
      for (Runnable job = jobs.take(); job != STOP; job = jobs.take()) {
        job.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    jobs.add(STOP);
    worker.join();
  }
}
