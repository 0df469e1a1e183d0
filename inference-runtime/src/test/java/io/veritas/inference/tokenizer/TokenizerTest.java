package io.veritas.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.inference.gguf.GgufMetadata;
import io.veritas.inference.gguf.GgufValue;
import io.veritas.inference.modelgen.GeneratedVocabulary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private static final List<String> TEXTS = List.of("Hello world", "the quick brown fox jumps over the lazy dog",
      "  leading and trailing spaces  ", "tabs\tand\nnewlines\r\n", "héllo wörld — 世界 🙂", "numbers 12345 and 3.14159",
      "don't stop, we'll see", "", " ", "a");

  private static Tokenizer spm(int size) {
    GeneratedVocabulary v = GeneratedVocabulary.of(size);
    Map<String, GgufValue> md = new LinkedHashMap<>();
    md.put("tokenizer.ggml.model", GgufValue.string("llama"));
    md.put("tokenizer.ggml.tokens", GgufValue.strings(v.tokens()));
    md.put("tokenizer.ggml.scores", GgufValue.float32s(v.scores()));
    md.put("tokenizer.ggml.token_type", GgufValue.int32s(v.types()));
    md.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(1));
    md.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(2));
    md.put("tokenizer.ggml.unknown_token_id", GgufValue.uint32(0));
    return Tokenizers.fromMetadata(new GgufMetadata(md));
  }

  @Test
  void sentencePieceRoundTripsText() {
    Tokenizer t = spm(4096);
    for (String text : TEXTS) {
      assertEquals(text, t.decode(t.encode(text)), text);
    }
  }

  @Test
  void sentencePieceMergesByScoreAndFallsBackToBytes() {
    Tokenizer t = spm(4096);
    GeneratedVocabulary v = GeneratedVocabulary.of(4096);
    List<String> tokens = List.of(v.tokens());
    // "▁hello": "▁h" has the best score, then "el" beats "ll" and "lo", then "lo"; "▁hel", "ell" and "ello"
    // are not in a 4096-token vocabulary (its trigrams stop before "e..").
    int[] ids = t.encode("hello");
    List<String> pieces = new ArrayList<>();
    for (int id : ids) {
      pieces.add(tokens.get(id));
    }
    assertEquals(List.of("\u2581h", "el", "lo"), pieces);
    // 'é' is not a piece: its two UTF-8 bytes come out as byte tokens.
    int[] e = t.encode("é");
    assertEquals(List.of("\u2581", "<0xC3>", "<0xA9>"), List.of(tokens.get(e[0]), tokens.get(e[1]), tokens.get(e[2])));
    assertArrayEquals(new int[] {1, ids[0], ids[1], ids[2]}, t.encodePrompt("hello"));
    assertEquals("hello", t.decode(new int[] {1, ids[0], ids[1], ids[2], 2}));
  }

  /** Trains GPT-2 style merges on a corpus: the most frequent adjacent pair first, ties by the pair's text. */
  private static Tokenizer gpt2(String corpus, int merges, String pre) {
    PreTokenizer preTokenizer = PreTokenizer.forName(pre);
    List<List<String>> words = new ArrayList<>();
    for (String piece : preTokenizer.split(corpus)) {
      List<String> symbols = new ArrayList<>();
      for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
        symbols.add(String.valueOf(ByteLevelBpeTokenizer.byteChar(b)));
      }
      words.add(symbols);
    }
    List<String> vocab = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      vocab.add(String.valueOf(ByteLevelBpeTokenizer.byteChar(b)));
    }
    List<String> mergeList = new ArrayList<>();
    for (int m = 0; m < merges; m++) {
      Map<String, Integer> counts = new HashMap<>();
      for (List<String> w : words) {
        for (int i = 0; i + 1 < w.size(); i++) {
          counts.merge(w.get(i) + " " + w.get(i + 1), 1, Integer::sum);
        }
      }
      if (counts.isEmpty()) {
        break;
      }
      String best = counts.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .findFirst().orElseThrow().getKey();
      mergeList.add(best);
      String[] lr = best.split(" ");
      vocab.add(lr[0] + lr[1]);
      for (List<String> w : words) {
        for (int i = 0; i + 1 < w.size(); i++) {
          if (w.get(i).equals(lr[0]) && w.get(i + 1).equals(lr[1])) {
            w.set(i, lr[0] + lr[1]);
            w.remove(i + 1);
          }
        }
      }
    }
    vocab.add("<|endoftext|>");
    int[] types = new int[vocab.size()];
    java.util.Arrays.fill(types, Vocabulary.NORMAL);
    types[vocab.size() - 1] = Vocabulary.CONTROL;
    Map<String, GgufValue> md = new LinkedHashMap<>();
    md.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
    md.put("tokenizer.ggml.pre", GgufValue.string(pre));
    md.put("tokenizer.ggml.tokens", GgufValue.strings(vocab.toArray(String[]::new)));
    md.put("tokenizer.ggml.token_type", GgufValue.int32s(types));
    md.put("tokenizer.ggml.merges", GgufValue.strings(mergeList.toArray(String[]::new)));
    md.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(vocab.size() - 1));
    md.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(vocab.size() - 1));
    return Tokenizers.fromMetadata(new GgufMetadata(md));
  }

  private static final String CORPUS = String.join(" ", TEXTS).repeat(3)
      + " the theory of the thing is that the then there they these those";

  @Test
  void byteLevelBpeRoundTripsTextForEveryPreTokenizer() {
    for (String pre : List.of("gpt2", "llama-bpe", "smollm")) {
      Tokenizer t = gpt2(CORPUS, 120, pre);
      for (String text : TEXTS) {
        assertEquals(text, t.decode(t.encode(text)), pre + ": " + text);
      }
      // Trained merges compress the corpus words.
      String the = " the";
      assertEquals(1, t.encode(the).length, pre);
    }
  }

  @Test
  void gpt2PreTokenizerSplitsLikeTheReferenceRegex() {
    assertEquals(List.of("Hello", ",", " world", "'s", " 123", "  ", " end", "\n"),
        PreTokenizer.forName("gpt2").split("Hello, world's 123   end\n"));
    assertEquals(List.of("Hello", ",", " world", "'s", " ", "123", "45", "  ", " end"),
        PreTokenizer.forName("llama-bpe").split("Hello, world's 12345   end"));
    assertEquals(List.of("a", "1", "2", " b"), PreTokenizer.forName("smollm").split("a12 b"));
  }

  @Test
  void controlTokensDecodeToNothingAndBosIsOffByDefaultForGpt2() {
    Tokenizer t = gpt2(CORPUS, 50, "gpt2");
    int eos = t.eos().orElseThrow();
    int[] the = t.encode("the");
    int[] framed = new int[the.length + 2];
    framed[0] = eos;
    System.arraycopy(the, 0, framed, 1, the.length);
    framed[framed.length - 1] = eos;
    assertEquals("the", t.decode(framed));
    assertArrayEquals(t.encode("hi"), t.encodePrompt("hi"));
  }

  @Test
  void rejectsUnknownTokenizerModelAndPreTokenizer() {
    Map<String, GgufValue> md = Map.of("tokenizer.ggml.model", GgufValue.string("bert"));
    assertEquals("unsupported tokenizer.ggml.model 'bert'; supported: llama, gpt2",
        assertThrows(TokenizerException.class, () -> Tokenizers.fromMetadata(new GgufMetadata(md))).getMessage());
    assertEquals("unsupported tokenizer.ggml.pre 'qwen2'; supported: default, gpt2, llama3, llama-bpe, smollm",
        assertThrows(TokenizerException.class, () -> PreTokenizer.forName("qwen2")).getMessage());
  }
}
