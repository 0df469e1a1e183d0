package io.veritas.chain.storage;

import java.nio.file.Path;

/** The data directory's lock is held by another process (or another store in this one). */
public final class DataDirectoryInUseException extends StorageException {
  private final Path directory;

  public DataDirectoryInUseException(Path directory, Throwable cause) {
    super("data directory " + directory + " is in use by another veritas process; stop it or choose another"
        + " data directory", cause);
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}
