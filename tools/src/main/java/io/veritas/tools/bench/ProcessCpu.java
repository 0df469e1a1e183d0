package io.veritas.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** CPU time used by a process so far (user + system), and the machine's load average, for the report. */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** Total CPU time of process {@code pid}, or empty when it is gone or the platform does not tell. */
  public static Optional<Duration> totalCpu(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
  }

  /** The 1-minute load average from /proc/loadavg, or -1 where there is none. */
  public static double loadAverage1m() {
    try {
      return parseLoadAverage1m(Files.readString(Path.of("/proc/loadavg")));
    } catch (IOException e) {
      return -1;
    }
  }

  /** The first field of a /proc/loadavg text ("1.52 0.98 0.61 2/345 6789"). */
  static double parseLoadAverage1m(String loadavg) {
    return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
  }
}
