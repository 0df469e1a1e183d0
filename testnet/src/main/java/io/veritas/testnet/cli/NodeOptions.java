package io.veritas.testnet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every node-running command shares: data directory, JSON-RPC and libp2p endpoints, config file. */
public final class NodeOptions {
  @Option(names = "--data-dir", description = "Where the chain and the node key are kept (default: ${DEFAULT-VALUE}).",
      defaultValue = "${sys:user.home}/.veritas/devnet")
  Path dataDir;

  @Option(names = "--rpc-host", description = "Interface JSON-RPC listens on (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String rpcHost;

  @Option(names = "--rpc-port", description = "JSON-RPC HTTP + WebSocket port (default: ${DEFAULT-VALUE}).",
      defaultValue = "8545")
  int rpcPort;

  @Option(names = "--p2p-host", description = "Interface libp2p listens on (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String p2pHost;

  @Option(names = "--p2p-port", description = "libp2p TCP port (default: ${DEFAULT-VALUE}).", defaultValue = "9000")
  int p2pPort;

  @Option(names = "--fresh", description = "Wipe the data directory first.")
  boolean fresh;

  @Option(names = "--config", description = "TOML file with option defaults (flags > VERITAS_* env > file).")
  Path config;
}
