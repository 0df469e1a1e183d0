package io.veritas.chain.storage;

/** A storage operation failed: the message names the operation and the data directory or column. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
