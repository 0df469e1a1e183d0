package io.veritas.inference.tokenizer;

import io.veritas.inference.InferenceException;

/** The tokenizer metadata is missing, inconsistent or of a kind this runtime does not implement. */
public final class TokenizerException extends InferenceException {
  public TokenizerException(String message) {
    super(message);
  }
}
