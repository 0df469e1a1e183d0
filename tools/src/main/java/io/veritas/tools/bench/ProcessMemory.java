package io.veritas.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads a process's peak resident set size (VmHWM) from Linux's /proc/&lt;pid&gt;/status. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /**
   * The peak RSS of process {@code pid} in KiB, or empty when the process is gone or the system has no
   * /proc (not Linux).
   */
  public static OptionalLong peakRssKiB(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      return parseVmHwmKiB(Files.readString(status));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + status + ": " + e.getMessage(), e);
    }
  }

  /** The VmHWM line of a /proc/&lt;pid&gt;/status text ("VmHWM:   123456 kB"), in KiB. */
  public static OptionalLong parseVmHwmKiB(String statusText) {
    for (String line : statusText.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
        if (parts.length != 2 || !parts[1].equals("kB")) {
          throw new IllegalArgumentException("unexpected VmHWM line in /proc status: \"" + line + "\"");
        }
        return OptionalLong.of(Long.parseLong(parts[0]));
      }
    }
    return OptionalLong.empty();
  }
}
