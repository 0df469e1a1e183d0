package io.veritas.inference.modelgen;

import java.util.ArrayList;
import java.util.List;

/**
 * A SentencePiece-style ({@code tokenizer.ggml.model = llama}) vocabulary generated without any data, so every
 * implementation can rebuild it. Ids: 0 {@code <unk>}, 1 {@code <s>}, 2 {@code </s>}, 3..258 the byte tokens
 * {@code <0x00>..<0xFF>}, then the pieces in this order until the size is reached: "▁"; the printable ASCII
 * characters 0x21..0x7E; "▁" + each letter a..z then A..Z; the lowercase bigrams aa..zz; "▁" + each bigram; the
 * lowercase trigrams; "▁" + each trigram; "▁" + each lowercase 4-gram (all in lexicographic order). Piece k (0-based)
 * has score -k, so earlier pieces merge first; special and byte tokens score 0.
 */
public record GeneratedVocabulary(String[] tokens, float[] scores, int[] types) {
  public static final int MIN_SIZE = 512;
  public static final int MAX_SIZE = 259 + 1 + 94 + 52 + 2 * 676 + 2 * 17576 + 456976;

  public static GeneratedVocabulary of(int size) {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException("generated vocabulary size must be in " + MIN_SIZE + ".." + MAX_SIZE + ", got " + size);
    }
    List<String> pieces = new ArrayList<>(size);
    pieces.add("\u2581");
    for (char ch = 0x21; ch <= 0x7E; ch++) {
      pieces.add(String.valueOf(ch));
    }
    for (char ch = 'a'; ch <= 'z'; ch++) {
      pieces.add("\u2581" + ch);
    }
    for (char ch = 'A'; ch <= 'Z'; ch++) {
      pieces.add("\u2581" + ch);
    }
    int needed = size - 259;
    for (int length = 2; pieces.size() < needed; length++) {
      addAll(pieces, "", length, needed);
      addAll(pieces, "\u2581", length, needed);
      if (length == 4) {
        break;
      }
    }
    String[] tokens = new String[size];
    float[] scores = new float[size];
    int[] types = new int[size];
    tokens[0] = "<unk>";
    types[0] = 2;
    tokens[1] = "<s>";
    types[1] = 3;
    tokens[2] = "</s>";
    types[2] = 3;
    for (int b = 0; b < 256; b++) {
      tokens[3 + b] = String.format("<0x%02X>", b);
      types[3 + b] = 6;
    }
    for (int k = 0; k < needed; k++) {
      tokens[259 + k] = pieces.get(k);
      scores[259 + k] = -k;
      types[259 + k] = 1;
    }
    return new GeneratedVocabulary(tokens, scores, types);
  }

  /** Appends prefix + every lowercase string of {@code length} letters, lexicographically, up to {@code needed}. */
  private static void addAll(List<String> out, String prefix, int length, int needed) {
    if (length == 4 && prefix.isEmpty()) {
      return; // 4-grams only with the word-start marker
    }
    int count = 1;
    for (int i = 0; i < length; i++) {
      count *= 26;
    }
    char[] buf = new char[length];
    for (int n = 0; n < count && out.size() < needed; n++) {
      int v = n;
      for (int i = length - 1; i >= 0; i--) {
        buf[i] = (char) ('a' + v % 26);
        v /= 26;
      }
      out.add(prefix + new String(buf));
    }
  }
}
