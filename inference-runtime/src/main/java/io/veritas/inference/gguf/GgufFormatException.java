package io.veritas.inference.gguf;

import io.veritas.inference.InferenceException;

/** A GGUF file is truncated, corrupt, unreadable or uses a feature this runtime does not support. */
public final class GgufFormatException extends InferenceException {
  public GgufFormatException(String message) {
    super(message);
  }

  public GgufFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
