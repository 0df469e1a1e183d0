package io.veritas.chain.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the public test vectors (../shared/vectors beside the project root). When the folder is absent
 * the test is skipped with a visible message — unless VERITAS_VECTORS names it, as CI does, and then a
 * missing folder fails the run.
 */
public final class TestVectors {
  private TestVectors() {}

  public static Path path(String relative) {
    String required = System.getenv("VERITAS_VECTORS");
    Path root =
        required != null && !required.isBlank()
            ? Path.of(required)
            : Path.of(System.getProperty("veritas.vectors", "../shared/vectors"));
    Path file = root.resolve(relative);
    if (!Files.exists(file)) {
      if (required != null && !required.isBlank()) {
        fail("test vectors missing: " + file + " (VERITAS_VECTORS=" + required + ")");
      }
      Assumptions.abort("test vectors not found at " + file + "; skipping (set VERITAS_VECTORS to require them)");
    }
    return file;
  }
}
