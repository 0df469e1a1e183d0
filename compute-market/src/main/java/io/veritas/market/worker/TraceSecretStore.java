package io.veritas.market.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a provider must keep secret until its job's challenge is over: the trace root and the salt of the seal it
 * committed, and the output tokens. One small file per job ({@code job-<id>.trace}: root ‖ salt ‖ token count ‖
 * tokens as 4-byte big-endian), written to a temporary file, fsync'd and renamed, so a crash leaves either the
 * whole secret or none — and the provider writes it before it sends the commitment.
 */
public final class TraceSecretStore {
  private final Path dir;
  private final String prefix;

  /** A provider's store: files {@code job-<id>.trace}. */
  public TraceSecretStore(Path dir) {
    this(dir, "job-");
  }

  /** A store whose files are {@code <prefix><id>.trace} (a verifier keeps its verdicts per challenge and round). */
  public TraceSecretStore(Path dir, String prefix) {
    this.dir = dir;
    this.prefix = prefix;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the trace secret directory " + dir, e);
    }
  }

  /** A committed job's secret. */
  public record TraceSecret(Bytes32 traceRoot, Bytes32 salt, int[] outputTokens) {
    public TraceSecret {
      outputTokens = outputTokens.clone();
    }

    @Override
    public int[] outputTokens() {
      return outputTokens.clone();
    }
  }

  public void put(BigInteger jobId, TraceSecret secret) {
    int[] tokens = secret.outputTokens();
    ByteBuffer buf = ByteBuffer.allocate(64 + 4 + 4 * tokens.length);
    buf.put(secret.traceRoot().toArrayUnsafe()).put(secret.salt().toArrayUnsafe()).putInt(tokens.length);
    for (int t : tokens) {
      buf.putInt(t);
    }
    buf.flip();
    Path target = file(jobId);
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trace secret of job " + jobId + " to " + tmp, e);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new UncheckedIOException("the file system of " + dir + " cannot rename atomically", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the trace secret of job " + jobId + " into place", e);
    }
  }

  public Optional<TraceSecret> get(BigInteger jobId) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file(jobId));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trace secret of job " + jobId, e);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes.length < 68) {
      throw new IllegalStateException("trace secret of job " + jobId + " is truncated: " + bytes.length + " bytes");
    }
    byte[] root = new byte[32];
    byte[] salt = new byte[32];
    buf.get(root).get(salt);
    int count = buf.getInt();
    if (count < 0 || buf.remaining() != 4L * count) {
      throw new IllegalStateException(
          "trace secret of job " + jobId + " is corrupt: says " + count + " tokens, holds " + buf.remaining() + " bytes of them");
    }
    int[] tokens = new int[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = buf.getInt();
    }
    return Optional.of(new TraceSecret(Bytes32.wrap(root), Bytes32.wrap(salt), tokens));
  }

  public void remove(BigInteger jobId) {
    try {
      Files.deleteIfExists(file(jobId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the trace secret of job " + jobId, e);
    }
  }

  private Path file(BigInteger jobId) {
    return dir.resolve(prefix + jobId + ".trace");
  }
}
