package io.veritas.inference.engine;

import io.veritas.inference.InferenceException;

/** A generation or replay request that cannot be run on this model (e.g. longer than its context). */
public final class InvalidRequestException extends InferenceException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
