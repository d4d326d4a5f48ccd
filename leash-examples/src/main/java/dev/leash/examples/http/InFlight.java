package dev.leash.examples.http;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The requests being handled now, for the drain's report: each with its id, method and path, and start time. */
final class InFlight {
  /** One request being handled. */
  record Entry(long id, String what, long startNanos) {
    Duration running() {
      return Duration.ofNanos(System.nanoTime() - startNanos);
    }
  }

  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, String> cut = new ConcurrentHashMap<>();

  /** Registers a request; returns its entry (remove it with {@link #remove}). */
  Entry add(String what) {
    Entry e = new Entry(ids.incrementAndGet(), what, System.nanoTime());
    entries.put(e.id(), e);
    return e;
  }

  void remove(Entry e) {
    entries.remove(e.id());
  }

  /**
   * Notes that the shutdown ended {@code e} before it finished (its client got an error, not an answer): it stays in
   * the drain's report even though it is no longer in flight when the report is read.
   */
  void cut(Entry e) {
    cut.put(e.id(), line(e));
  }

  /** The requests in flight now and those the shutdown cut, by id, as {@link #describe()} words them. */
  java.util.SortedMap<Long, String> inFlightOrCut() {
    java.util.TreeMap<Long, String> all = new java.util.TreeMap<>(cut);
    for (Entry e : entries.values()) {
      all.putIfAbsent(e.id(), line(e));
    }
    return all;
  }

  private static String line(Entry e) {
    return "#" + e.id() + " " + e.what() + ", running " + e.running().toMillis() + " ms";
  }

  int size() {
    return entries.size();
  }

  /** The requests in flight now, oldest first, as {@code "#<id> <method> <path>, running <n> ms"}. */
  List<String> describe() {
    Collection<Entry> now = entries.values();
    return now.stream().sorted(Comparator.comparingLong(Entry::id))
        .map(InFlight::line).toList();
  }
}
