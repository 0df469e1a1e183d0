package io.veritas.chain.p2p.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/** The js-libp2p peer of src/test/js/interop.mjs as a child process, spoken to in JSON lines. */
final class JsLibp2pPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = Path.of(System.getProperty("user.dir"), "src", "test", "js");

  private final Process process;
  private final Writer stdin;
  private final List<JsonNode> events = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final StringBuilder stderr = new StringBuilder();

  private JsLibp2pPeer(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          JsonNode node;
          try {
            node = JSON.readTree(line);
          } catch (IOException e) {
            continue; // a stray non-JSON line (e.g. a library warning)
          }
          synchronized (events) {
            events.add(node);
            events.notifyAll();
          }
        }
      } catch (IOException e) {
        // process ended
      }
    }, "js-libp2p-stdout");
    reader.setDaemon(true);
    reader.start();
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (stderr) {
            stderr.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // process ended
      }
    }, "js-libp2p-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** Starts the peer, installing the pinned npm packages first if needed; aborts the test if node/npm are absent. */
  static JsLibp2pPeer start() throws IOException, InterruptedException {
    if (!commandWorks("node", "--version") || !commandWorks("npm", "--version")) {
      Assumptions.abort("node and npm are not installed: skipping the js-libp2p interop test");
    }
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        throw new IllegalStateException("npm ci in " + DIR + " failed (exit " + (npm.isAlive() ? "timeout" : npm.exitValue()) + ")");
      }
    }
    Process p = new ProcessBuilder("node", "--import", "./polyfill.mjs", "interop.mjs").directory(DIR.toFile()).start();
    return new JsLibp2pPeer(p);
  }

  private static boolean commandWorks(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits for the first event (from the start) matching {@code predicate}. */
  JsonNode await(Predicate<JsonNode> predicate, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (true) {
        for (JsonNode e : events) {
          if (predicate.test(e)) {
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new AssertionError("js-libp2p peer: no " + what + " within " + timeout + "; events: " + events
              + "; stderr: " + stderr());
        }
        events.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** Runs a command and returns its successful result (fails the test on error). */
  JsonNode call(String cmd, String node, String key, String value, String... more) throws IOException, InterruptedException {
    ObjectNode c = JSON.createObjectNode();
    int id = ids.incrementAndGet();
    c.put("id", id).put("cmd", cmd).put("node", node);
    if (key != null) {
      c.put(key, value);
    }
    for (int i = 0; i + 1 < more.length; i += 2) {
      c.put(more[i], more[i + 1]);
    }
    synchronized (stdin) {
      stdin.write(JSON.writeValueAsString(c) + "\n");
      stdin.flush();
    }
    JsonNode r = await(e -> "result".equals(e.path("event").asText()) && e.path("id").asInt() == id,
        Duration.ofSeconds(20), "result of " + c);
    if (!r.path("ok").asBoolean()) {
      throw new AssertionError("js-libp2p command " + c + " failed: " + r.path("error").asText());
    }
    return r;
  }

  private String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // the process already exited
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
