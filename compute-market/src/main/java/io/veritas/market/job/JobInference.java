package io.veritas.market.job;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.inference.engine.GenerationRequest;
import io.veritas.inference.sampling.SamplingParams;
import io.veritas.inference.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * How an on-chain job becomes an inference request, identically on the provider that runs it and on every verifier
 * that replays it: the prompt bytes decoded as UTF-8 (malformed sequences become U+FFFD, as
 * {@link String#String(byte[], java.nio.charset.Charset)} does), tokenized with the model's tokenizer (BOS when the
 * model asks for it), sampled with temperature {@value #TEMPERATURE} and top-p {@value #TOP_P} from the job's seed,
 * stopping at end-of-sequence or {@code maxTokens}, with a trace boundary after every layer.
 */
public final class JobInference {
  public static final float TEMPERATURE = 0.7f;
  public static final float TOP_P = 0.9f;

  private JobInference() {}

  public static GenerationRequest request(Tokenizer tokenizer, Bytes prompt, long maxTokens, long seed) {
    String text = new String(prompt.toArrayUnsafe(), StandardCharsets.UTF_8);
    return GenerationRequest.of(tokenizer.encodePrompt(text), Math.toIntExact(maxTokens), new SamplingParams(seed, TEMPERATURE, TOP_P));
  }

  /** The provider's seal over its trace root: keccak256(traceRoot ‖ salt), what {@code commitResult} carries. */
  public static Bytes32 sealTrace(Bytes32 traceRoot, Bytes32 salt) {
    return Keccak256.hash(Bytes.concatenate(traceRoot, salt));
  }
}
