package io.veritas.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one chain benchmark run measured. The headline figures come from the chain: {@code txs} is the sum of
 * the transaction counts of the {@code blocks} whose timestamps lie in the {@code windowSeconds}-long window,
 * {@code tps} is their quotient; latency is submit-to-included of the transactions of those blocks.
 */
public record ChainBenchmarkResult(
    double tps,
    LatencySummary latency,
    OptionalDouble peakRssMiB,
    int blocks,
    long txs,
    long windowSeconds,
    long blockTimeMs,
    String machine,
    Diagnostics diagnostics) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ChainBenchmarkResult {
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(peakRssMiB, "peakRssMiB");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(diagnostics, "diagnostics");
  }

  /**
   * How the load went, for the human summary: the supply and fate of the transfers, and the CPU each side
   * spent per included transfer (whole load phase, warm-up and drain included), which says what the node would
   * do on a machine it had to itself when the machine was shared.
   *
   * @param firstRejection the first error the node gave for a transfer, or null
   * @param includedDuringLoad every transfer included from the first send until the end
   */
  public record Diagnostics(
      int offeredRate,
      long presigned,
      long accepted,
      long rejected,
      String firstRejection,
      long notIncluded,
      boolean ranOutOfTransfers,
      long includedDuringLoad,
      OptionalDouble nodeCpuMicrosPerTx,
      OptionalDouble benchCpuMicrosPerTx,
      double loadAverageStart,
      double loadAverageEnd) {
    public Diagnostics {
      Objects.requireNonNull(nodeCpuMicrosPerTx, "nodeCpuMicrosPerTx");
      Objects.requireNonNull(benchCpuMicrosPerTx, "benchCpuMicrosPerTx");
    }
  }

  /** The one-line JSON object of {@code --json}. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("tps", round1(tps));
    o.put("p50LatencyMs", round1(latency.p50Millis()));
    o.put("p99LatencyMs", round1(latency.p99Millis()));
    if (peakRssMiB.isPresent()) {
      o.put("peakRssMiB", round1(peakRssMiB.getAsDouble()));
    } else {
      o.putNull("peakRssMiB");
    }
    o.put("blocks", blocks);
    o.put("txs", txs);
    o.put("blockTimeMs", blockTimeMs);
    o.put("machine", machine);
    return o.toString();
  }

  /** The human summary. */
  public String summary() {
    Diagnostics d = diagnostics;
    StringBuilder s = new StringBuilder();
    s.append("Chain benchmark (").append(machine).append(", block time ").append(blockTimeMs).append(" ms)\n");
    s.append(f("  sustained throughput: %.1f transfers/s  (%d txs in %d blocks over %d s of block timestamps)%n",
        tps, txs, blocks, windowSeconds));
    s.append(f("  submit-to-included latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms  (%d txs)%n",
        latency.p50Millis(), latency.p99Millis(), latency.maxNanos() / 1e6, latency.count()));
    s.append("  node peak memory (VmHWM): ")
        .append(peakRssMiB.isPresent() ? f("%.1f MiB", peakRssMiB.getAsDouble()) : "unknown")
        .append('\n');
    s.append("  offered: ").append(d.offeredRate() > 0 ? d.offeredRate() + " tx/s" : "as fast as accepted")
        .append(", pre-signed ").append(d.presigned()).append(", accepted ").append(d.accepted())
        .append(", rejected ").append(d.rejected()).append(", not included by the end ").append(d.notIncluded())
        .append('\n');
    s.append("  CPU per included transfer: node ").append(micros(d.nodeCpuMicrosPerTx()))
        .append(", benchmark ").append(micros(d.benchCpuMicrosPerTx()))
        .append(f("  (%d transfers included during the load)%n", d.includedDuringLoad()));
    s.append(f("  machine load average (1 min): %.2f at start, %.2f at end%n", d.loadAverageStart(), d.loadAverageEnd()));
    if (d.firstRejection() != null) {
      s.append("  first rejection: ").append(d.firstRejection()).append('\n');
    }
    if (d.ranOutOfTransfers()) {
      s.append("  note: the pre-signed transfers ran out before the window closed; the throughput is a lower bound"
          + " (raise --presign-rate)\n");
    }
    return s.toString();
  }

  private static String micros(OptionalDouble value) {
    return value.isPresent() ? f("%.0f µs", value.getAsDouble()) : "unknown";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
