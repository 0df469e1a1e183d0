package io.veritas.testnet.cli;

import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.InvalidGenesisException;
import io.veritas.testnet.node.NodeConfig;
import io.veritas.testnet.node.ProviderSetup;
import io.veritas.testnet.node.VeritasNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veritas devnet}: a one-node development chain with the well-known development accounts funded. */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = "Run a one-node development chain (chain id 7357) with JSON-RPC on 127.0.0.1.")
public final class DevnetCommand implements Callable<Integer> {
  /** Hardhat's and Anvil's development mnemonic; accounts 0-9 are funded, account 10 is the validator. */
  public static final String DEV_MNEMONIC = "test test test test test test test test test test test junk";
  public static final int VALIDATOR_ACCOUNT_INDEX = 10;
  /** Provider keys are development accounts 11.. (funded in the devnet genesis); provider i pays out to account i + 1. */
  public static final int FIRST_PROVIDER_ACCOUNT_INDEX = 11;
  public static final int MAX_PROVIDERS = 4;

  @Mixin NodeOptions node;

  @Option(names = "--block-time", description = "Time between blocks, e.g. 1s, 500ms (default: ${DEFAULT-VALUE}).",
      defaultValue = "1s", converter = DurationConverter.class)
  Duration blockTime;

  @Option(names = "--providers", defaultValue = "4",
      description = "Compute providers this node runs (keys: development accounts 11.., paying out to accounts 1..; default: ${DEFAULT-VALUE}; 0 for none).")
  int providers;

  @Mixin ComputeFaultOptions faults;

  @Option(names = "--genesis", defaultValue = "devnet",
      description = "The devnet genesis, or a genesis JSON file with the same single validator, e.g. other market parameters (default: ${DEFAULT-VALUE}).")
  String genesisName;

  @Override
  public Integer call() throws IOException, InvalidGenesisException, InterruptedException {
    Genesis genesis = GenesisSource.load(genesisName);
    if (genesis.validators().size() != 1) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--genesis " + genesisName + " has "
          + genesis.validators().size() + " validators; a devnet runs one (development account " + VALIDATOR_ACCOUNT_INDEX + ")");
    }
    if (node.fresh) {
      wipe(node.dataDir);
    }
    if (providers < 0 || providers > MAX_PROVIDERS) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--providers must be 0.." + MAX_PROVIDERS + ", got " + providers);
    }
    List<KeyPair> accounts = HdWallet.deriveAccounts(DEV_MNEMONIC, FIRST_PROVIDER_ACCOUNT_INDEX + MAX_PROVIDERS);
    List<ProviderSetup> providerSetups = new java.util.ArrayList<>();
    for (int i = 0; i < providers; i++) {
      providerSetups.add(new ProviderSetup(accounts.get(FIRST_PROVIDER_ACCOUNT_INDEX + i), accounts.get(1 + i).address(),
          ProviderSetup.DEFAULT_PRICE_PER_TOKEN, faults.faultsFor(i), faults.verifierFaultsFor(i)));
    }
    NodeConfig nodeConfig = new NodeConfig(genesis, node.dataDir, node.rpcHost, node.rpcPort, node.p2pHost, node.p2pPort,
        List.of(), blockTime, java.util.Optional.of(accounts.get(VALIDATOR_ACCOUNT_INDEX)), providerSetups);
    return runUntilStopped(new VeritasNode(nodeConfig), running -> printBanner(System.out, genesis, running,
        accounts.subList(0, VALIDATOR_ACCOUNT_INDEX)));
  }

  /** Starts {@code node}, reports it, and blocks until Ctrl-C / SIGTERM has stopped it cleanly. */
  static int runUntilStopped(VeritasNode node, java.util.function.Consumer<VeritasNode> started)
      throws IOException, InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
      node.close();
      stopped.countDown();
    }));
    node.start();
    started.accept(node);
    stopped.await();
    return 0;
  }

  private void printBanner(PrintStream out, Genesis genesis, VeritasNode running, List<KeyPair> funded) {
    out.println();
    out.println("Veritas devnet is running");
    out.println("  RPC URL:    http://" + node.rpcHost + ":" + running.rpcPort() + "   (WebSocket: ws://" + node.rpcHost + ":" + running.rpcPort() + ")");
    out.println("  Chain id:   " + genesis.chainId());
    out.println("  Block time: " + blockTime.toMillis() + " ms   Data dir: " + node.dataDir);
    out.println("  Head:       block " + running.chain().head().number());
    out.println("  p2p:        " + String.join(", ", running.network().host().listenAddrs().stream().map(Object::toString).toList()));
    out.println("  Join it:    ./veritas node --genesis devnet --bootnodes " + running.network().host().listenAddrs().get(0)
        + " --data-dir DIR --rpc-port PORT --p2p-port PORT");
    out.println();
    out.println("Funded development accounts (mnemonic: \"" + DEV_MNEMONIC + "\", m/44'/60'/0'/0/i):");
    for (int i = 0; i < funded.size(); i++) {
      KeyPair key = funded.get(i);
      out.printf("  (%d) %s  %s ETH  key %s%n", i, key.address().toChecksumString(),
          genesis.alloc().get(key.address()).toBigInteger().divide(java.math.BigInteger.TEN.pow(18)), key.secretKey().toHexString());
    }
    out.println();
    out.println("These keys are public: never use them outside this devnet. Ctrl-C stops the node.");
    out.flush();
  }

  static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
