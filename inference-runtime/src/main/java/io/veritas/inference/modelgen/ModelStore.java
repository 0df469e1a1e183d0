package io.veritas.inference.modelgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds model files: {@code default} and {@code bench} name generated models kept in a cache directory (written on
 * first use), anything else is a path to a GGUF file.
 */
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

  private final Path cacheDir;

  public ModelStore(Path cacheDir) {
    this.cacheDir = cacheDir;
  }

  /** {@code ~/.veritas/models}, or {@code $VERITAS_MODELS} when set. */
  public static ModelStore standard() {
    String env = System.getenv("VERITAS_MODELS");
    return new ModelStore(env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".veritas", "models"));
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /** The file for {@code model}: a generated model's name ({@code default}, {@code bench}) or a path. */
  public Path resolve(String model) {
    return switch (model.toLowerCase(Locale.ROOT)) {
      case "default" -> generated(ModelShape.DEFAULT);
      case "bench" -> generated(ModelShape.BENCH);
      default -> Path.of(model);
    };
  }

  /** The generated model of {@code shape}, writing it first if the cache does not hold it yet. */
  public synchronized Path generated(ModelShape shape) {
    Path path = cacheDir.resolve(shape.name() + ".gguf");
    if (!Files.isRegularFile(path)) {
      LOG.info("generating model {} ({} parameters) at {}", shape.name(), shape.parameterCount(), path);
      SeededModelGenerator.write(shape, path);
    }
    return path;
  }
}
