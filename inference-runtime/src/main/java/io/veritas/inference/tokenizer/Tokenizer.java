package io.veritas.inference.tokenizer;

import java.util.OptionalInt;

/** Text to token ids and back, as defined by the model's GGUF tokenizer metadata. */
public interface Tokenizer {
  /** Token ids of {@code text}, without BOS/EOS. */
  int[] encode(String text);

  /** Token ids of a prompt: BOS first when the model asks for it ({@code tokenizer.ggml.add_bos_token}). */
  default int[] encodePrompt(String text) {
    int[] body = encode(text);
    if (!addBos() || bos().isEmpty()) {
      return body;
    }
    int[] out = new int[body.length + 1];
    out[0] = bos().getAsInt();
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  /** The text of {@code tokens}; control tokens (BOS, EOS, ...) print as nothing. */
  String decode(int[] tokens);

  /** The vocabulary from the GGUF metadata: tokens, scores, special token ids. */
  Vocabulary vocabulary();

  default OptionalInt bos() {
    return vocabulary().bos();
  }

  default OptionalInt eos() {
    return vocabulary().eos();
  }

  default boolean addBos() {
    return vocabulary().addBos();
  }

  default int vocabSize() {
    return vocabulary().size();
  }
}
