package io.veritas.inference.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into pieces before byte-level BPE, as llama.cpp does for {@code tokenizer.ggml.pre}: each regex in
 * turn splits every piece into its matches and the gaps between them.
 */
public final class PreTokenizer {
  static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
  static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
      + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private final String name;
  private final List<Pattern> patterns;

  private PreTokenizer(String name, String... regexes) {
    this.name = name;
    this.patterns = new ArrayList<>();
    for (String r : regexes) {
      patterns.add(Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS));
    }
  }

  /** The pre-tokenizer for a {@code tokenizer.ggml.pre} value. */
  public static PreTokenizer forName(String pre) {
    return switch (pre) {
      case "default", "gpt2" -> new PreTokenizer(pre, GPT2);
      case "llama3", "llama-bpe" -> new PreTokenizer(pre, LLAMA3);
      case "smollm" -> new PreTokenizer(pre, "\\p{N}", GPT2);
      default -> throw new TokenizerException("unsupported tokenizer.ggml.pre '" + pre
          + "'; supported: default, gpt2, llama3, llama-bpe, smollm");
    };
  }

  public String name() {
    return name;
  }

  public List<String> split(String text) {
    List<String> pieces = List.of(text);
    for (Pattern p : patterns) {
      List<String> next = new ArrayList<>();
      for (String piece : pieces) {
        Matcher m = p.matcher(piece);
        int last = 0;
        while (m.find()) {
          if (m.start() > last) {
            next.add(piece.substring(last, m.start()));
          }
          if (m.end() > m.start()) {
            next.add(m.group());
          }
          last = m.end();
        }
        if (last < piece.length()) {
          next.add(piece.substring(last));
        }
      }
      pieces = next;
    }
    return pieces;
  }
}
