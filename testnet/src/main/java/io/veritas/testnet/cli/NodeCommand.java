package io.veritas.testnet.cli;

import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.InvalidGenesisException;
import io.veritas.testnet.consensus.ValidatorKeyFile;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.types.Address;
import io.veritas.testnet.node.NodeConfig;
import io.veritas.testnet.node.ProviderSetup;
import io.veritas.testnet.node.VeritasNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code veritas node}: joins an existing network as a full node — dials the bootnodes, syncs from genesis
 * (checking every block's commit certificate and re-executing it), then follows new blocks over gossip.
 */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Join a Veritas network as a full node.")
public final class NodeCommand implements Callable<Integer> {
  @Mixin NodeOptions node;

  @Option(names = "--genesis", description = "A bundled network (devnet, testnet) or a genesis JSON file (default: ${DEFAULT-VALUE}).",
      defaultValue = "devnet")
  String genesis;

  @Option(names = "--bootnodes", split = ",", description = "Multiaddrs of peers to dial, each ending in /p2p/<peer id>.")
  List<String> bootnodes = new ArrayList<>();

  @Option(names = "--validator-key", description = "File with this validator's secp256k1 secret key (64 hex digits): the node "
      + "votes and proposes (BFT consensus when the genesis has several validators).")
  Path validatorKey;

  @Option(names = "--provider-key", description = "File with a compute provider's secp256k1 secret key (64 hex digits, as "
      + "--validator-key; the same file may serve both): the node registers it with the market's minimum bond, serves "
      + "the default model and verifies when drawn. Its fees and rewards go to its own address unless --payout is given.")
  Path providerKey;

  @Option(names = "--payout", description = "Where the provider's fees and rewards go (default: the provider's address).")
  String payout;

  @Mixin ComputeFaultOptions faults;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InvalidGenesisException, InterruptedException {
    Genesis chainGenesis = GenesisSource.load(genesis);
    List<Multiaddr> peers = new ArrayList<>();
    for (String text : bootnodes) {
      Multiaddr address;
      try {
        address = Multiaddr.parse(text.trim());
      } catch (RuntimeException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--bootnodes: '" + text + "' is not a multiaddr: " + e.getMessage());
      }
      if (address.peerId().isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--bootnodes: '" + text + "' must end in /p2p/<peer id>");
      }
      peers.add(address);
    }
    if (node.fresh) {
      DevnetCommand.wipe(node.dataDir);
    }
    List<ProviderSetup> providers = new ArrayList<>();
    if (providerKey != null) {
      if (chainGenesis.market().isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--provider-key: genesis " + chainGenesis.name() + " has no compute market, so there is nothing to provide for");
      }
      KeyPair key = ValidatorKeyFile.read(providerKey);
      Address payoutAddress;
      try {
        payoutAddress = payout == null ? key.address() : Address.fromHex(payout);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--payout: '" + payout + "' is not an address: " + e.getMessage());
      }
      providers.add(new ProviderSetup(key, payoutAddress, ProviderSetup.DEFAULT_PRICE_PER_TOKEN, faults.faultsFor(0), faults.verifierFaultsFor(0)));
    }
    NodeConfig config = new NodeConfig(chainGenesis, node.dataDir, node.rpcHost, node.rpcPort, node.p2pHost, node.p2pPort,
        peers, chainGenesis.blockTime(), validatorKey == null ? Optional.empty() : Optional.of(ValidatorKeyFile.read(validatorKey)),
        providers);
    return DevnetCommand.runUntilStopped(new VeritasNode(config), running -> {
      System.out.println("Veritas " + (validatorKey == null ? "node following " : "validator on ") + chainGenesis.name() + " (chain id " + chainGenesis.chainId() + ")");
      System.out.println("  RPC URL: http://" + node.rpcHost + ":" + running.rpcPort());
      System.out.println("  p2p:     " + running.network().host().listenAddrs());
      System.out.println("  head:    block " + running.chain().head().number() + "; syncing from " + peers.size() + " bootnode(s)");
      System.out.flush();
    });
  }

}
