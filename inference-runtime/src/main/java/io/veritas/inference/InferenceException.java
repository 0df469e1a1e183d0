package io.veritas.inference;

/** Base of every error the inference runtime reports; the message names the problem and the values. */
public class InferenceException extends RuntimeException {
  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
