package io.veritas.inference.engine;

import io.veritas.inference.gguf.GgufFile;
import io.veritas.inference.gguf.GgufFormatException;
import io.veritas.inference.llama.LlamaModel;
import io.veritas.inference.tokenizer.Tokenizer;
import io.veritas.inference.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A GGUF model opened for inference: its id (sha256 of the file), weights, and tokenizer. Close to unmap. */
public final class LoadedModel implements AutoCloseable {
  private final GgufFile file;
  private final String modelId;
  private final LlamaModel model;
  private final Tokenizer tokenizer;

  private LoadedModel(GgufFile file, String modelId, LlamaModel model, Tokenizer tokenizer) {
    this.file = file;
    this.modelId = modelId;
    this.model = model;
    this.tokenizer = tokenizer;
  }

  public static LoadedModel open(Path path) {
    String id = sha256Hex(path);
    GgufFile file = GgufFile.open(path);
    try {
      LlamaModel model = LlamaModel.load(file);
      Tokenizer tokenizer = Tokenizers.fromMetadata(file.metadata());
      if (tokenizer.vocabSize() != model.config().vocabSize()) {
        throw new GgufFormatException("tokenizer has " + tokenizer.vocabSize() + " tokens but token_embd.weight has "
            + model.config().vocabSize() + " rows in " + path);
      }
      return new LoadedModel(file, id, model, tokenizer);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Lower-case hex sha256 of the file's bytes: the model id the chain names. */
  public static String sha256Hex(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new GgufFormatException("model file not found or not a regular file: " + path.toAbsolutePath());
    }
    try (InputStream in = Files.newInputStream(path)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new GgufFormatException("cannot read model file " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  public String modelId() {
    return modelId;
  }

  public LlamaModel model() {
    return model;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public GgufFile file() {
    return file;
  }

  @Override
  public void close() {
    file.close();
  }
}
