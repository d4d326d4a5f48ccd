package dev.leash.realworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The threads of a JDK JSON thread dump ({@code jcmd PID Thread.dump_to_file -format=json}), read with Jackson. */
record ThreadDump(List<DumpedThread> threads) {

  /** One thread of a dump: its id, name, state and frames, top first. */
  record DumpedThread(long tid, String name, String state, List<String> stack) {
    boolean hasFrame(String prefix) {
      return stack.stream().anyMatch(f -> f.startsWith(prefix) || f.contains("/" + prefix));
    }

    String top() {
      return stack.isEmpty() ? "(no frames)" : stack.get(0);
    }

    /** The first frame outside java.base, jdk.* and java.* modules: the library or application frame. */
    String firstNonJdkFrame() {
      return stack.stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.")).findFirst().orElse("-");
    }
  }

  static ThreadDump read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile()).path("threadDump");
    List<DumpedThread> threads = new ArrayList<>();
    for (JsonNode container : root.path("threadContainers")) {
      for (JsonNode t : container.path("threads")) {
        List<String> stack = new ArrayList<>();
        t.path("stack").forEach(f -> stack.add(f.asText()));
        threads.add(new DumpedThread(t.path("tid").asLong(), t.path("name").asText(), t.path("state").asText(),
            List.copyOf(stack)));
      }
    }
    if (threads.isEmpty()) {
      throw new IOException("no threads in " + file);
    }
    return new ThreadDump(List.copyOf(threads));
  }
}
