package io.veritas.testnet.node;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.genesis.Genesis;
import java.nio.file.Path;
import java.time.Duration;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a node needs to start: its chain, where it keeps data, where it listens, whom it dials first,
 * the validator key (a node without one follows the network) and the compute providers it runs.
 */
public record NodeConfig(
    Genesis genesis,
    Path dataDir,
    String rpcHost,
    int rpcPort,
    String p2pHost,
    int p2pPort,
    List<Multiaddr> bootnodes,
    Duration blockTime,
    Optional<KeyPair> validatorKey,
    List<ProviderSetup> providers) {

  public NodeConfig {
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(rpcHost, "rpcHost");
    Objects.requireNonNull(blockTime, "blockTime");
    Objects.requireNonNull(validatorKey, "validatorKey");
    Objects.requireNonNull(p2pHost, "p2pHost");
    bootnodes = List.copyOf(bootnodes);
    providers = List.copyOf(providers);
    if (rpcPort < 0 || rpcPort > 65535) {
      throw new IllegalArgumentException("RPC port must be 0..65535, got " + rpcPort);
    }
    if (p2pPort < 0 || p2pPort > 65535) {
      throw new IllegalArgumentException("p2p port must be 0..65535, got " + p2pPort);
    }
    if (blockTime.isNegative() || blockTime.isZero()) {
      throw new IllegalArgumentException("block time must be positive, got " + blockTime);
    }
  }

  /** A node that runs no compute provider. */
  public NodeConfig(Genesis genesis, Path dataDir, String rpcHost, int rpcPort, String p2pHost, int p2pPort,
      List<Multiaddr> bootnodes, Duration blockTime, Optional<KeyPair> validatorKey) {
    this(genesis, dataDir, rpcHost, rpcPort, p2pHost, p2pPort, bootnodes, blockTime, validatorKey, List.of());
  }
}
