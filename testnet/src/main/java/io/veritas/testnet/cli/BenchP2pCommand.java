package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.testnet.bench.P2pBenchmark;
import io.veritas.tools.bench.MachineDescription;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veritas bench p2p}: gossipsub throughput and delivery latency through an in-process mesh of libp2p nodes on
 * loopback, then the range-sync speed of a fresh node catching up a signed chain.
 */
@Command(
    name = "p2p",
    mixinStandardHelpOptions = true,
    description = "Measure gossip messages/s and delivery latency in an in-process libp2p mesh, and block sync speed.")
public final class BenchP2pCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print only one JSON object with the figures.")
  boolean json;

  @Option(names = "--nodes", description = "Nodes in the gossip mesh (default: ${DEFAULT-VALUE}).", defaultValue = "10")
  int nodes;

  @Option(names = "--dials", description = "Peers each node dials (distances 1, 2, 4, ... on a ring; default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int dials;

  @Option(names = "--messages", description = "Measured gossip messages (default: ${DEFAULT-VALUE}).", defaultValue = "20000")
  int messages;

  // 20,000: on two busy cores C2 compiles the callers of the JDK's ChaCha20/Poly1305 intrinsics only after several
  // seconds; until then Poly1305 runs in plain Java and the figure measures the JIT, not the stack.
  @Option(names = "--warmup", description = "Gossip messages sent before measuring (default: ${DEFAULT-VALUE}).",
      defaultValue = "20000")
  int warmup;

  @Option(names = "--size", description = "Gossip message size in bytes (default: ${DEFAULT-VALUE}).", defaultValue = "1024")
  int size;

  @Option(names = "--window", description = "Most messages in flight, i.e. not yet delivered to every node (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int window;

  @Option(names = "--rate", description = "Offered messages/s; 0 = as fast as the window allows (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int rate;

  @Option(names = "--sync-blocks", description = "Blocks the fresh node syncs; 0 skips the sync part (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int syncBlocks;

  @Option(names = "--sync-txs", description = "Signed transfers per synced block (default: ${DEFAULT-VALUE}).", defaultValue = "3")
  int syncTxs;

  @Option(names = "--idontwant-min-size", description = "Gossipsub v1.2: announce messages of at least this many bytes"
      + " with IDONTWANT; above --size turns IDONTWANT off (default: ${DEFAULT-VALUE}).", defaultValue = "512")
  int idontwantMinSize;

  @Override
  public Integer call() throws Exception {
    P2pBenchmark.Config config;
    try {
      config = new P2pBenchmark.Config(nodes, dials, messages, size, warmup, window, rate, syncBlocks, syncTxs, idontwantMinSize);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    P2pBenchmark.GossipResult gossip = P2pBenchmark.runGossip(config);
    P2pBenchmark.SyncResult sync = syncBlocks > 0 ? P2pBenchmark.runSync(config) : null;
    String machine = MachineDescription.describe();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("nodes", gossip.nodes());
      o.put("messageSize", gossip.messageSize());
      o.put("messagesPerSecond", round(gossip.messagesPerSecond(), 1));
      o.put("deliveriesPerSecond", round(gossip.deliveriesPerSecond(), 1));
      o.put("p50LatencyMs", round(gossip.p50LatencyMs(), 3));
      o.put("p99LatencyMs", round(gossip.p99LatencyMs(), 3));
      o.put("cpuMsPerMessage", round(gossip.cpuMillisPerMessage(), 3));
      o.put("syncBlocks", sync == null ? 0 : sync.blocks());
      o.put("syncBlocksPerSecond", sync == null ? null : round(sync.blocksPerSecond(), 1));
      o.put("machine", machine);
      System.out.println(new ObjectMapper().writeValueAsString(o));
    } else {
      System.out.printf(Locale.ROOT, "P2P benchmark (%s)%n", machine);
      System.out.printf(Locale.ROOT, "gossip: %d nodes, %d-byte messages, %d measured after %d warm-up, window %d, %s%n",
          gossip.nodes(), gossip.messageSize(), gossip.messages(), warmup, window, rate > 0 ? "offered " + rate + " msg/s" : "as fast as possible");
      System.out.printf(Locale.ROOT, "  %.0f messages/s, %.0f deliveries/s (%d deliveries in %.2f s)%n",
          gossip.messagesPerSecond(), gossip.deliveriesPerSecond(), gossip.deliveries(), gossip.seconds());
      System.out.printf(Locale.ROOT, "  delivery latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          gossip.p50LatencyMs(), gossip.p99LatencyMs(), gossip.maxLatencyMs());
      System.out.printf(Locale.ROOT, "  %.3f ms of CPU per message (whole process, all nodes)%n", gossip.cpuMillisPerMessage());
      if (sync != null) {
        System.out.printf(Locale.ROOT, "sync: %d blocks (%d transfers) in %.2f s = %.0f blocks/s (chain built in %.1f s, not counted)%n",
            sync.blocks(), sync.transactions(), sync.seconds(), sync.blocksPerSecond(), sync.setupSeconds());
      }
    }
    return 0;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
