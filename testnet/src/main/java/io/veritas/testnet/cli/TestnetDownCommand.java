package io.veritas.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veritas testnet down}: SIGTERM to every running node, then SIGKILL to those still alive after the grace period. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the testnet's nodes.")
public final class TestnetDownCommand implements Callable<Integer> {
  @Option(names = "--dir", required = true, description = "The testnet folder written by 'testnet init'.")
  Path dir;

  @Option(names = "--grace", description = "How long nodes get to stop cleanly (default: ${DEFAULT-VALUE}).",
      defaultValue = "20s", converter = DurationConverter.class)
  Duration grace;

  @Override
  public Integer call() throws IOException, InterruptedException {
    TestnetLayout layout = new TestnetLayout(dir.toAbsolutePath().normalize());
    var nodes = layout.nodes();
    java.util.Map<Integer, ProcessHandle> running = new java.util.TreeMap<>();
    for (int i : nodes) {
      layout.process(i).ifPresent(p -> running.put(i, p));
    }
    running.values().forEach(ProcessHandle::destroy); // SIGTERM: the node's shutdown hook closes it cleanly
    long deadline = System.nanoTime() + grace.toNanos();
    for (var entry : running.entrySet()) {
      ProcessHandle p = entry.getValue();
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
        System.out.println("node-" + entry.getKey() + " stopped (pid " + p.pid() + ")");
      } catch (TimeoutException e) {
        p.destroyForcibly();
        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
        System.out.println("node-" + entry.getKey() + " killed after " + grace.toSeconds() + " s (pid " + p.pid() + ")");
      } catch (ExecutionException e) {
        throw new IOException("waiting for node-" + entry.getKey() + " failed: " + e.getCause(), e);
      }
    }
    for (int i : nodes) {
      Files.deleteIfExists(layout.pid(i));
    }
    if (running.isEmpty()) {
      System.out.println("no node of " + dir + " was running");
    }
    return 0;
  }
}
