package io.veritas.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * GPT-2 style byte-level BPE ({@code tokenizer.ggml.model = gpt2}): the pre-tokenizer splits the text, each piece's
 * UTF-8 bytes are mapped to printable characters (GPT-2's bytes_to_unicode), and adjacent symbols are merged by
 * the lowest merge rank (ties: leftmost) until no listed merge applies.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {
  private final Vocabulary vocab;
  private final Map<String, Integer> mergeRanks;
  private final PreTokenizer preTokenizer;
  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final Map<Character, Integer> CHAR_TO_BYTE;

  static {
    // GPT-2 bytes_to_unicode: printable bytes map to themselves, the rest to 256, 257, ... in byte order.
    Map<Character, Integer> inverse = new HashMap<>();
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      BYTE_TO_CHAR[b] = (char) (printable ? b : 256 + extra++);
      inverse.put(BYTE_TO_CHAR[b], b);
    }
    CHAR_TO_BYTE = Map.copyOf(inverse);
  }

  public ByteLevelBpeTokenizer(Vocabulary vocab, String[] merges, PreTokenizer preTokenizer) {
    this.vocab = vocab;
    this.preTokenizer = preTokenizer;
    this.mergeRanks = new HashMap<>(merges.length * 2);
    for (int i = 0; i < merges.length; i++) {
      if (merges[i].indexOf(' ') <= 0) {
        throw new TokenizerException("merge #" + i + " '" + merges[i] + "' is not two symbols separated by a space");
      }
      mergeRanks.putIfAbsent(merges[i], i);
    }
  }

  /** The printable character GPT-2 uses for byte {@code b}. */
  public static char byteChar(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  private record Pair(int left, int right, int rank, int length) {}

  @Override
  public int[] encode(String text) {
    List<Integer> out = new ArrayList<>();
    for (String piece : preTokenizer.split(text)) {
      encodePiece(piece, out);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private void encodePiece(String piece, List<Integer> out) {
    byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      sb.append(byteChar(b));
    }
    String s = sb.toString();
    int n = s.length(); // one char per byte
    int[] len = new int[n];
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0; i < n; i++) {
      len[i] = 1;
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    PriorityQueue<Pair> queue = new PriorityQueue<>((a, b) -> a.rank() != b.rank()
        ? Integer.compare(a.rank(), b.rank()) : Integer.compare(a.left(), b.left()));
    for (int i = 0; i + 1 < n; i++) {
      offer(queue, s, len, i, i + 1);
    }
    while (!queue.isEmpty()) {
      Pair p = queue.poll();
      if (len[p.left()] == 0 || len[p.right()] == 0 || next[p.left()] != p.right()
          || len[p.left()] + len[p.right()] != p.length()) {
        continue;
      }
      len[p.left()] += len[p.right()];
      len[p.right()] = 0;
      next[p.left()] = next[p.right()];
      if (next[p.right()] >= 0) {
        prev[next[p.right()]] = p.left();
      }
      if (prev[p.left()] >= 0) {
        offer(queue, s, len, prev[p.left()], p.left());
      }
      if (next[p.left()] >= 0) {
        offer(queue, s, len, p.left(), next[p.left()]);
      }
    }
    for (int i = 0; i >= 0 && n > 0; i = next[i]) {
      String symbol = s.substring(i, i + len[i]);
      Integer id = vocab.ids().get(symbol);
      if (id != null) {
        out.add(id);
        continue;
      }
      for (int c = 0; c < symbol.length(); c++) {
        Integer single = vocab.ids().get(symbol.substring(c, c + 1));
        if (single == null) {
          throw new TokenizerException("byte-level vocabulary has no token for byte character '" + symbol.charAt(c) + "'");
        }
        out.add(single);
      }
    }
  }

  private void offer(PriorityQueue<Pair> queue, String s, int[] len, int left, int right) {
    Integer rank = mergeRanks.get(s.substring(left, left + len[left]) + " " + s.substring(right, right + len[right]));
    if (rank != null) {
      queue.add(new Pair(left, right, rank, len[left] + len[right]));
    }
  }

  @Override
  public String decode(int[] tokens) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int id : tokens) {
      if (id < 0 || id >= vocab.size()) {
        throw new TokenizerException("token id " + id + " is outside the vocabulary of " + vocab.size() + " tokens");
      }
      if (vocab.isControl(id)) {
        continue;
      }
      String token = vocab.tokens()[id];
      for (int i = 0; i < token.length(); i++) {
        Integer b = CHAR_TO_BYTE.get(token.charAt(i));
        if (b != null) {
          bytes.write(b);
        } else {
          bytes.writeBytes(String.valueOf(token.charAt(i)).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public Vocabulary vocabulary() {
    return vocab;
  }
}
