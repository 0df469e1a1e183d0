package io.veritas.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ChainBenchmarkResultTest {
  private static final ChainBenchmarkResult.Diagnostics DIAGNOSTICS =
      new ChainBenchmarkResult.Diagnostics(
          0, 350_000, 200_000, 0, null, 0, false, 190_000, OptionalDouble.of(180), OptionalDouble.of(40), 0.5, 1.5);

  @Test
  void jsonHasExactlyTheDocumentedFieldsRoundedToOneDecimal() {
    ChainBenchmarkResult r =
        new ChainBenchmarkResult(
            5123.456, new LatencySummary(10, 812_340_000, 1_534_560_000, 1_600_000_000), OptionalDouble.of(612.34),
            30, 153_703, 30, 1000, "2 cores, 23.4 GiB", DIAGNOSTICS);
    assertEquals(
        "{\"tps\":5123.5,\"p50LatencyMs\":812.3,\"p99LatencyMs\":1534.6,\"peakRssMiB\":612.3,\"blocks\":30,"
            + "\"txs\":153703,\"blockTimeMs\":1000,\"machine\":\"2 cores, 23.4 GiB\"}",
        r.toJson());
  }

  @Test
  void unknownPeakMemoryIsNull() {
    ChainBenchmarkResult r =
        new ChainBenchmarkResult(
            0, LatencySummary.EMPTY, OptionalDouble.empty(), 0, 0, 30, 1000, "m", DIAGNOSTICS);
    assertEquals(
        "{\"tps\":0.0,\"p50LatencyMs\":0.0,\"p99LatencyMs\":0.0,\"peakRssMiB\":null,\"blocks\":0,\"txs\":0,"
            + "\"blockTimeMs\":1000,\"machine\":\"m\"}",
        r.toJson());
  }

  @Test
  void presignSupplyCoversWarmupAndWindowAtTheOfferedRate() {
    ChainBenchmarkConfig defaults = ChainBenchmarkConfig.defaults(java.net.URI.create("http://127.0.0.1:1"));
    // 8,000/s x (10 s + 30 s) x 1.05
    assertEquals(336_000, defaults.transfersToSign());
  }
}
