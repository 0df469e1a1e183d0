package io.veritas.inference;

import io.veritas.inference.gguf.GgmlType;
import io.veritas.inference.modelgen.ModelShape;
import io.veritas.inference.modelgen.SeededModelGenerator;
import java.nio.file.Path;

/** Tiny generated models for tests: same layout as real ones, small enough to run in milliseconds. */
public final class TestModels {
  private TestModels() {}

  public static ModelShape tiny(GgmlType type) {
    return new ModelShape("tiny-" + type, 64, 4, 128, 4, 2, 512, 160, 10000f, 1e-5f, type, true, 7);
  }

  public static Path write(ModelShape shape, Path dir) {
    Path path = dir.resolve(shape.name() + ".gguf");
    SeededModelGenerator.write(shape, path);
    return path;
  }
}
