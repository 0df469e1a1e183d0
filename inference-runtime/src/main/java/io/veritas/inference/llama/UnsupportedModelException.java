package io.veritas.inference.llama;

import io.veritas.inference.InferenceException;

/** The GGUF file is well formed but describes a model this runtime cannot run (architecture, shapes, types). */
public final class UnsupportedModelException extends InferenceException {
  public UnsupportedModelException(String message) {
    super(message);
  }
}
