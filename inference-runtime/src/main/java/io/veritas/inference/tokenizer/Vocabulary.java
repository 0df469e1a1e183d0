package io.veritas.inference.tokenizer;

import io.veritas.inference.gguf.GgufMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** The {@code tokenizer.ggml.*} token list with scores, types and special ids. */
public record Vocabulary(String[] tokens, float[] scores, int[] types, Map<String, Integer> ids, OptionalInt bos,
    OptionalInt eos, OptionalInt unknown, boolean addBos) {
  /** ggml token types. */
  public static final int NORMAL = 1;
  public static final int UNKNOWN = 2;
  public static final int CONTROL = 3;
  public static final int USER_DEFINED = 4;
  public static final int UNUSED = 5;
  public static final int BYTE = 6;

  public static Vocabulary from(GgufMetadata md, boolean defaultAddBos) {
    String[] tokens = md.getStringArray("tokenizer.ggml.tokens");
    float[] scores = md.contains("tokenizer.ggml.scores") ? md.getFloatArray("tokenizer.ggml.scores") : new float[tokens.length];
    int[] types = md.contains("tokenizer.ggml.token_type") ? md.getIntArray("tokenizer.ggml.token_type") : filled(tokens.length);
    if (scores.length != tokens.length || types.length != tokens.length) {
      throw new TokenizerException("tokenizer metadata is inconsistent: " + tokens.length + " tokens, " + scores.length
          + " scores, " + types.length + " token types");
    }
    Map<String, Integer> ids = new HashMap<>(tokens.length * 2);
    for (int i = 0; i < tokens.length; i++) {
      ids.putIfAbsent(tokens[i], i); // first occurrence wins, as in llama.cpp
    }
    return new Vocabulary(tokens, scores, types, ids, special(md, "tokenizer.ggml.bos_token_id", tokens.length),
        special(md, "tokenizer.ggml.eos_token_id", tokens.length),
        special(md, "tokenizer.ggml.unknown_token_id", tokens.length),
        md.findBool("tokenizer.ggml.add_bos_token").orElse(defaultAddBos));
  }

  private static int[] filled(int n) {
    int[] t = new int[n];
    java.util.Arrays.fill(t, NORMAL);
    return t;
  }

  private static OptionalInt special(GgufMetadata md, String key, int vocab) {
    if (!md.contains(key)) {
      return OptionalInt.empty();
    }
    int id = md.getInt(key);
    if (id >= vocab) {
      throw new TokenizerException(key + " = " + id + " is outside the vocabulary of " + vocab + " tokens");
    }
    return OptionalInt.of(id);
  }

  public int size() {
    return tokens.length;
  }

  public boolean isControl(int id) {
    return types[id] == CONTROL;
  }
}
