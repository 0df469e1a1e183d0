package io.veritas.testnet.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the Node.js scripts of {@code src/test/js} (ethers v6 and js-libp2p clients) for the integration tests. */
final class NodeScripts {
  private NodeScripts() {}

  /** The script folder, with its pinned npm packages installed ({@code npm ci}); aborts the test when node is missing. */
  static Path prepared() throws IOException {
    Path js = DevnetProcess.projectHome().resolve("testnet/src/test/js");
    if (!commandWorks(js, "node", "--version") || !commandWorks(js, "npm", "--version")) {
      Assumptions.abort("node and npm are not installed: the ethers v6 integration test is skipped");
    }
    if (!Files.isDirectory(js.resolve("node_modules/ethers"))) {
      Result install = run(js, Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
      if (install.exit() != 0) {
        throw new AssertionError("npm ci failed:\n" + install.output());
      }
    }
    return js;
  }

  record Result(int exit, String stdout, String stderr) {
    String output() {
      return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  static boolean commandWorks(Path dir, String... command) {
    try {
      return run(dir, Duration.ofSeconds(30), command).exit() == 0;
    } catch (IOException notInstalled) {
      return false;
    }
  }

  static Result run(Path dir, Duration timeout, String... command) throws IOException {
    Path stdout = Files.createTempFile("veritas-it-", ".out");
    Path stderr = Files.createTempFile("veritas-it-", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while running " + String.join(" ", command), e);
      }
      return new Result(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

}
