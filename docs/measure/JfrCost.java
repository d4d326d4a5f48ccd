import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordingStream;

/**
 * Cost per platform thread start + join with and without a JFR jdk.ThreadStart stream with stack traces (the one
 * leash-junit starts for spawn sites), and the cost of starting that stream. Run: java docs/measure/JfrCost.java
 */
public class JfrCost {
  static double round(int n) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> { });
      t.start();
      t.join();
    }
    return (System.nanoTime() - t0) / 1000.0 / n;
  }

  public static void main(String[] a) throws Exception {
    int n = 2000;
    round(n); round(n); // warm-up
    AtomicLong events = new AtomicLong();
    long s0 = System.nanoTime();
    RecordingStream rs = new RecordingStream();
    rs.enable("jdk.ThreadStart").withStackTrace();
    rs.onEvent("jdk.ThreadStart", e -> events.incrementAndGet());
    rs.setMaxAge(Duration.ofSeconds(10));
    rs.startAsync();
    double startMs = (System.nanoTime() - s0) / 1e6;
    double on = 0, off = 0;
    // alternate: measure with the stream open, close it and measure without, open a fresh one, five times
    for (int r = 0; r < 5; r++) {
      on += round(n);
      rs.close();
      off += round(n);
      rs = new RecordingStream();
      rs.enable("jdk.ThreadStart").withStackTrace();
      rs.onEvent("jdk.ThreadStart", e -> events.incrementAndGet());
      rs.setMaxAge(Duration.ofSeconds(10));
      rs.startAsync();
    }
    rs.close();
    System.out.printf("stream start %.0f ms; per thread start+join: with JFR %.1f us, without %.1f us (5 x %d each, alternating); events seen %d%n",
        startMs, on / 5, off / 5, n, events.get());
  }
}
