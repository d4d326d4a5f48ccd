/**
 * Thread snapshots and leak triage.
 *
 * <p>{@link dev.leash.triage.ThreadSnapshot} reads JDK JSON thread dumps and jstack / {@code jcmd Thread.print} text
 * dumps (streaming, format detected from the first bytes) or captures the current JVM with
 * {@link dev.leash.triage.ThreadSnapshot#ofCurrentJvm()}. {@link dev.leash.triage.Triage} groups the threads by stack
 * and names each group's {@link dev.leash.triage.LeakPattern}; {@link dev.leash.triage.Diff} compares two reports;
 * {@link dev.leash.triage.Reports} renders text, JSON and HTML, and a compact form for assertion messages.
 *
 * <p>Typical use by a leak check:
 * <pre>{@code
 * ThreadSnapshot before = ThreadSnapshot.ofCurrentJvm();
 * runTest();
 * ThreadSnapshot after = ThreadSnapshot.ofCurrentJvm();
 * Set<Long> old = before.threads().stream().map(SnapshotThread::id).collect(toSet());
 * List<SnapshotThread> fresh = after.threads().stream().filter(t -> !old.contains(t.id())).toList();
 * TriageReport r = Triage.analyzeThreads(after, fresh, TriageOptions.DEFAULTS);
 * if (!r.groups().isEmpty()) throw new AssertionError(Reports.compact(r.groups(), 5));
 * }</pre>
 */
package dev.leash.triage;
