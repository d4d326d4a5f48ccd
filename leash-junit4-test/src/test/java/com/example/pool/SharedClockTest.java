package com.example.pool;

import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The first user of the JVM-wide SharedClock: its thread is the run's, never this test's. */
public class SharedClockTest {

  @Test
  public void readsTheSharedClock() {
    assertTrue(SharedClock.ticks() >= 0);
  }

  @Test
  public void readsItAgain() {
    assertTrue(SharedClock.ticks() >= 0);
  }
}
