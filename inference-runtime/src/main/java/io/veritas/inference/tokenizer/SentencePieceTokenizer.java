package io.veritas.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * SentencePiece-style BPE as llama.cpp runs it for {@code tokenizer.ggml.model = llama}: spaces become U+2581
 * (with one prepended when {@code add_space_prefix}), the text starts as one symbol per code point, and the
 * adjacent pair whose concatenation is a token with the highest score is merged (ties: leftmost) until none is
 * left. A final symbol that is not a token is emitted as its UTF-8 bytes through the {@code <0xXX>} byte tokens.
 */
public final class SentencePieceTokenizer implements Tokenizer {
  static final String SPACE = "\u2581";

  private final Vocabulary vocab;
  private final boolean addSpacePrefix;
  private final int[] byteTokens = new int[256];

  public SentencePieceTokenizer(Vocabulary vocab, boolean addSpacePrefix) {
    this.vocab = vocab;
    this.addSpacePrefix = addSpacePrefix;
    for (int b = 0; b < 256; b++) {
      Integer id = vocab.ids().get(String.format("<0x%02X>", b));
      byteTokens[b] = id == null ? -1 : id;
    }
  }

  private record Bigram(int left, int right, float score, int length) {}

  @Override
  public int[] encode(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String s = (addSpacePrefix ? " " + text : text).replace(" ", SPACE);
    int n = s.codePointCount(0, s.length());
    int[] start = new int[n];
    int[] len = new int[n];
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0, off = 0; i < n; i++) {
      int cp = s.codePointAt(off);
      start[i] = off;
      len[i] = Character.charCount(cp);
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
      off += len[i];
    }
    PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) -> a.score() != b.score()
        ? Float.compare(b.score(), a.score()) : Integer.compare(a.left(), b.left()));
    for (int i = 0; i + 1 < n; i++) {
      offer(queue, s, start, len, i, i + 1);
    }
    while (!queue.isEmpty()) {
      Bigram b = queue.poll();
      if (len[b.left()] == 0 || len[b.right()] == 0 || len[b.left()] + len[b.right()] != b.length()
          || next[b.left()] != b.right()) {
        continue; // stale: one side was merged since this pair was queued
      }
      len[b.left()] += len[b.right()];
      len[b.right()] = 0;
      next[b.left()] = next[b.right()];
      if (next[b.right()] >= 0) {
        prev[next[b.right()]] = b.left();
      }
      if (prev[b.left()] >= 0) {
        offer(queue, s, start, len, prev[b.left()], b.left());
      }
      if (next[b.left()] >= 0) {
        offer(queue, s, start, len, b.left(), next[b.left()]);
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i >= 0; i = next[i]) {
      String piece = s.substring(start[i], start[i] + len[i]);
      Integer id = vocab.ids().get(piece);
      if (id != null) {
        out.add(id);
      } else {
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
          int bt = byteTokens[b & 0xFF];
          if (bt >= 0) {
            out.add(bt);
          } else if (vocab.unknown().isPresent()) {
            out.add(vocab.unknown().getAsInt());
          } else {
            throw new TokenizerException("cannot encode byte 0x" + Integer.toHexString(b & 0xFF)
                + ": the vocabulary has neither its byte token nor an unknown token");
          }
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private void offer(PriorityQueue<Bigram> queue, String s, int[] start, int[] len, int left, int right) {
    String merged = s.substring(start[left], start[left] + len[left] + len[right]);
    Integer id = vocab.ids().get(merged);
    if (id != null) {
      queue.add(new Bigram(left, right, vocab.scores()[id], merged.length()));
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
      String piece = vocab.tokens()[id];
      if (vocab.types()[id] == Vocabulary.BYTE && piece.length() == 6 && piece.startsWith("<0x")) {
        bytes.write(Integer.parseInt(piece.substring(3, 5), 16));
      } else {
        bytes.writeBytes(piece.replace(SPACE, " ").getBytes(StandardCharsets.UTF_8));
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    // The prefix space added by encode is not part of the text.
    return addSpacePrefix && text.startsWith(" ") ? text.substring(1) : text;
  }

  @Override
  public Vocabulary vocabulary() {
    return vocab;
  }
}
