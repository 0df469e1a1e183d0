package io.veritas.chain.storage;

import java.nio.file.Path;

/** RocksDB found corrupt files in the data directory. */
public final class StorageCorruptedException extends StorageException {
  private final Path directory;

  public StorageCorruptedException(Path directory, String detail, Throwable cause) {
    super("data directory " + directory + " is corrupt (" + detail + "); restore it from a backup or resync"
        + " into an empty directory", cause);
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}
