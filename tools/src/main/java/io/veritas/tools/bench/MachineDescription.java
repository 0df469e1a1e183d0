package io.veritas.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** "2 cores, 23.4 GiB": the processors the JVM sees and the machine's total memory (Linux /proc/meminfo). */
public final class MachineDescription {
  private MachineDescription() {}

  public static String describe() {
    int cores = Runtime.getRuntime().availableProcessors();
    String memory;
    try {
      memory = formatMemTotal(Files.readString(Path.of("/proc/meminfo")));
    } catch (IOException e) {
      memory = "unknown memory";
    }
    return cores + " cores, " + memory;
  }

  /** The MemTotal line of /proc/meminfo ("MemTotal: 24567890 kB") as GiB with one decimal. */
  static String formatMemTotal(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        long kib = Long.parseLong(line.substring("MemTotal:".length()).trim().split("\\s+")[0]);
        return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
      }
    }
    throw new IllegalArgumentException("no MemTotal line in /proc/meminfo");
  }
}
