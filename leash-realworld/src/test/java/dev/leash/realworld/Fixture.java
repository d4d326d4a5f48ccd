package dev.leash.realworld;

import dev.leash.realworld.ThreadDump.DumpedThread;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fixture services of {@code dev.leash.realworld.fixtures.Fixtures} and, for each, the ground truth of its leaky
 * mode: which threads of a dump the injected leak made, told apart by what the fixture is known to do (never by
 * asking Leash).
 */
enum Fixture {
  /** An executor per request: {@code pool-N-thread-1} parked in {@code LinkedBlockingQueue.take}. */
  TOMCAT("tomcat", true, d -> select(d, t -> t.name().matches("pool-\\d+-thread-1"))),
  /** A thread per connection waiting on a queue nobody feeds: {@code Thread-N} in JettyService's lambda. */
  JETTY("jetty", true, d -> select(d, t -> t.hasFrame("dev.leash.realworld.fixtures.JettyService"))),
  /**
   * An EventLoopGroup per request: every {@code nioEventLoopGroup-G-N} except the two groups the server made first. Not
   * provable: each leaked loop connected once, so Bootstrap's default resolver, the static
   * {@code DefaultAddressResolverGroup.INSTANCE}, keeps it as a key of {@code AddressResolverGroup.resolvers} until it
   * terminates (checked in the heap dump): a static reaches the way out.
   */
  NETTY("netty", false, Fixture::nettyLeak),
  /**
   * A client per call (async): every {@code OkHttp Dispatcher} (the shared client is unused in leaky mode). They idle
   * out after 60 s by themselves, so a heap proof may not call them leaked.
   */
  OKHTTP("okhttp", false, d -> select(d, t -> t.name().equals("OkHttp Dispatcher"))),
  /**
   * A pool per request: housekeepers of every pool but the shared {@code HikariPool-1}; they wake every 30 s, but their
   * scheduler is reachable only through a stale thread-local of the request thread, so the proof calls them leaked.
   */
  HIKARICP("hikaricp", true, d -> select(d, t -> t.name().matches("HikariPool-\\d+ housekeeper")
      && !t.name().equals("HikariPool-1 housekeeper"))),
  /** A client per request: send and event threads of every client but the first (shared) one; they heartbeat. */
  ZOOKEEPER("zookeeper", false, Fixture::zooKeeperLeak),
  /** A cache per request with its own scheduler: {@code pool-N-thread-1} (the healthy cache uses the system one). */
  CAFFEINE("caffeine", true, d -> select(d, t -> t.name().matches("pool-\\d+-thread-1"))),
  /** A scheduler per request for a timeout: every {@code pool-N-thread-1} but {@code pool-1-thread-1}, the refresher. */
  JDK_SCHEDULER("jdk-scheduler", true, d -> select(d, t -> t.name().matches("pool-\\d+-thread-1")
      && !t.name().equals("pool-1-thread-1")));

  final String id;
  /**
   * Whether the injected leak's threads, once parked without a timeout, can never be woken: nothing outside the thread
   * reaches what it waits on. Only those must come out of a heap proof as {@code leaked}.
   */
  final boolean provable;
  private final Function<ThreadDump, Set<Long>> leak;

  Fixture(String id, boolean provable, Function<ThreadDump, Set<Long>> leak) {
    this.id = id;
    this.provable = provable;
    this.leak = leak;
  }

  /** Thread ids of {@code dump} that the injected leak made (empty for a healthy run). */
  Set<Long> leakThreads(ThreadDump dump) {
    return leak.apply(dump);
  }

  private static Set<Long> select(ThreadDump d, java.util.function.Predicate<DumpedThread> p) {
    return d.threads().stream().filter(p).map(DumpedThread::tid).collect(Collectors.toUnmodifiableSet());
  }

  private static final Pattern NETTY_NAME = Pattern.compile("nioEventLoopGroup-(\\d+)-\\d+");

  private static Set<Long> nettyLeak(ThreadDump d) {
    Map<Integer, List<DumpedThread>> byGroup = d.threads().stream()
        .filter(t -> NETTY_NAME.matcher(t.name()).matches())
        .collect(Collectors.groupingBy(t -> {
          Matcher m = NETTY_NAME.matcher(t.name());
          m.matches();
          return Integer.parseInt(m.group(1));
        }));
    List<Integer> serverGroups = byGroup.keySet().stream().sorted().limit(2).toList();
    return byGroup.entrySet().stream().filter(e -> !serverGroups.contains(e.getKey()))
        .flatMap(e -> e.getValue().stream()).map(DumpedThread::tid).collect(Collectors.toUnmodifiableSet());
  }

  private static Set<Long> zooKeeperLeak(ThreadDump d) {
    Set<Long> out = new java.util.HashSet<>();
    for (String family : List.of("main-SendThread(", "main-EventThread")) {
      List<DumpedThread> all = d.threads().stream().filter(t -> t.name().startsWith(family))
          .sorted(Comparator.comparingLong(DumpedThread::tid)).toList();
      all.stream().skip(1).forEach(t -> out.add(t.tid()));
    }
    return Set.copyOf(out);
  }
}
