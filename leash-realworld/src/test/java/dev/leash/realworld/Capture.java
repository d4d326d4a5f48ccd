package dev.leash.realworld;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one run of a fixture left in {@code target/corpus/FIXTURE-MODE/}: two JSON thread dumps ({@code before.json}
 * after the warm-up, {@code after.json} after more load), a heap dump taken right after the second, and the ground
 * truth: the ids of the injected leak's threads in each dump (empty for healthy runs); {@code millis} is the wall time
 * of the run, child start to heap dump.
 */
record Capture(Fixture fixture, boolean leaky, Path dir, Path before, Path after, Path heap, ThreadDump beforeDump,
    ThreadDump afterDump, Set<Long> leakBefore, Set<Long> leakAfter, int requests, long millis) {

  String label() {
    return fixture.id + "-" + (leaky ? "leaky" : "healthy");
  }
}
