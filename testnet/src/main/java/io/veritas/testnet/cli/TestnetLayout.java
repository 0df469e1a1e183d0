package io.veritas.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@code veritas testnet} keeps a local network: {@code D/genesis.json}, {@code D/bootnodes.txt}, and per node
 * {@code D/node-<i>/} with {@code node.toml} (the node's flags), {@code validator.key}, {@code data/} (chain, libp2p
 * key, vote WAL), {@code node.log} and, while it runs, {@code pid}.
 */
record TestnetLayout(Path dir) {
  Path genesis() {
    return dir.resolve("genesis.json");
  }

  Path bootnodes() {
    return dir.resolve("bootnodes.txt");
  }

  Path node(int i) {
    return dir.resolve("node-" + i);
  }

  Path config(int i) {
    return node(i).resolve("node.toml");
  }

  Path validatorKey(int i) {
    return node(i).resolve("validator.key");
  }

  Path dataDir(int i) {
    return node(i).resolve("data");
  }

  Path log(int i) {
    return node(i).resolve("node.log");
  }

  Path pid(int i) {
    return node(i).resolve("pid");
  }

  /** The node indexes present (node-0, node-1, ...), in order. */
  List<Integer> nodes() throws IOException {
    if (!Files.isRegularFile(genesis())) {
      throw new IOException(dir + " holds no testnet (no genesis.json); run 'veritas testnet init --dir " + dir + "' first");
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; Files.isRegularFile(config(i)); i++) {
      out.add(i);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (out.isEmpty() || entries.filter(p -> p.getFileName().toString().startsWith("node-")).count() != out.size()) {
        throw new IOException(dir + ": node folders are not node-0 .. node-" + (out.size() - 1) + " each with node.toml");
      }
    }
    return out;
  }

  /**
   * The running process of node {@code i}, if its pid file names a live process that started before the pid file
   * was written (a pid file left from before a reboot may name someone else's newer process, which must never get
   * our signals).
   */
  java.util.Optional<ProcessHandle> process(int i) throws IOException {
    if (!Files.isRegularFile(pid(i))) {
      return java.util.Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pid(i)).trim());
    } catch (NumberFormatException e) {
      throw new IOException("pid file " + pid(i) + " does not hold a process id", e);
    }
    java.time.Instant written = Files.getLastModifiedTime(pid(i)).toInstant();
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(started -> !started.isAfter(written.plusSeconds(5))).orElse(true));
  }

  /** The node's RPC port, read back from its node.toml. */
  int rpcPort(int i) throws IOException {
    var toml = org.tomlj.Toml.parse(config(i));
    Long port = toml.getLong("rpc-port");
    if (port == null) {
      throw new IOException(config(i) + " has no rpc-port");
    }
    return port.intValue();
  }
}
