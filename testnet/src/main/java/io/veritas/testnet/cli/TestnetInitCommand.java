package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.Secp256k1PrivateKey;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import io.veritas.genesis.GenesisParser;
import io.veritas.genesis.InvalidGenesisException;
import io.veritas.testnet.consensus.ValidatorKeyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veritas testnet init}: writes a local network — N validator keys, a genesis (chain id 7358, the N validators
 * with equal power, the ten development accounts funded), each node's libp2p key and node.toml (RPC on
 * 127.0.0.1:base-rpc-port+i, p2p on base-p2p-port+i, every other node as a bootnode).
 */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Write keys, a genesis and per-node configs for a local testnet.")
public final class TestnetInitCommand implements Callable<Integer> {
  static final long CHAIN_ID = 7358;
  /** Each validator's bonded stake at genesis: 10,000 ETH, so all have equal voting power (stake in gwei). */
  static final String VALIDATOR_STAKE_WEI = "10000000000000000000000";

  @Option(names = "--validators", description = "Number of validators (default: ${DEFAULT-VALUE}).", defaultValue = "4")
  int validators;

  @Option(names = "--dir", required = true, description = "Folder for the testnet (created; must be empty or absent).")
  Path dir;

  @Option(names = "--block-time", description = "Target time between blocks (default: ${DEFAULT-VALUE}).", defaultValue = "1s",
      converter = DurationConverter.class)
  Duration blockTime;

  @Option(names = "--base-rpc-port", description = "Node i serves JSON-RPC on this + i (default: ${DEFAULT-VALUE}).", defaultValue = "8545")
  int baseRpcPort;

  @Option(names = "--base-p2p-port", description = "Node i listens for libp2p on this + i (default: ${DEFAULT-VALUE}).", defaultValue = "9000")
  int baseP2pPort;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InvalidGenesisException {
    if (validators < 1 || validators > 64) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--validators must be 1..64, got " + validators);
    }
    for (int port : new int[] {baseRpcPort, baseP2pPort, baseRpcPort + validators - 1, baseP2pPort + validators - 1}) {
      if (port < 1 || port > 65535) {
        throw new CommandLine.ParameterException(spec.commandLine(), "port " + port + " is outside 1..65535");
      }
    }
    if (Math.abs(baseRpcPort - baseP2pPort) < validators) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "RPC ports " + baseRpcPort + ".. and p2p ports " + baseP2pPort + ".. overlap for " + validators + " nodes");
    }
    if (Files.exists(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + dir + " is not empty; choose a new folder");
        }
      }
    }
    TestnetLayout layout = new TestnetLayout(dir.toAbsolutePath().normalize());
    SecureRandom random = new SecureRandom();
    List<KeyPair> keys = new ArrayList<>();
    List<String> multiaddrs = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      Files.createDirectories(layout.dataDir(i));
      KeyPair key = KeyPair.random(random);
      keys.add(key);
      ValidatorKeyFile.write(layout.validatorKey(i), key);
      // The libp2p identity in the format the node reads (NodeKey): known now, so the bootnode list can name it.
      Secp256k1PrivateKey nodeKey = Secp256k1PrivateKey.generate(random);
      Files.writeString(layout.dataDir(i).resolve("node.key"), HexFormat.of().formatHex(nodeKey.raw()) + "\n", StandardCharsets.US_ASCII);
      multiaddrs.add("/ip4/127.0.0.1/tcp/" + (baseP2pPort + i) + "/p2p/" + PeerId.fromPublicKey(nodeKey.publicKey()).toBase58());
    }
    Files.writeString(layout.genesis(), genesisJson(keys), StandardCharsets.UTF_8);
    GenesisParser.parse(layout.genesis()); // what we wrote must be a genesis the node accepts
    Files.writeString(layout.bootnodes(), String.join("\n", multiaddrs) + "\n", StandardCharsets.US_ASCII);
    for (int i = 0; i < validators; i++) {
      List<String> others = new ArrayList<>(multiaddrs);
      others.remove(i);
      Files.writeString(layout.config(i), nodeToml(layout, i, others), StandardCharsets.UTF_8);
    }
    System.out.println("Testnet with " + validators + " validators written to " + layout.dir());
    for (int i = 0; i < validators; i++) {
      System.out.printf("  node-%d  validator %s  rpc http://127.0.0.1:%d  p2p %s%n", i, keys.get(i).address().toChecksumString(),
          baseRpcPort + i, multiaddrs.get(i));
    }
    System.out.println("Start it with: veritas testnet up --dir " + dir);
    return 0;
  }

  private String genesisJson(List<KeyPair> keys) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("name", "testnet-local");
    root.put("chainId", CHAIN_ID);
    root.put("timestamp", Instant.now().getEpochSecond());
    ObjectNode params = root.putObject("parameters");
    params.put("blockGasLimit", 300_000_000L);
    params.put("initialBaseFeePerGas", "1000000000");
    params.put("minBaseFeePerGas", "100000000");
    params.put("maxBlockTransactions", 20_000);
    params.put("blockTimeMillis", blockTime.toMillis());
    ObjectNode alloc = root.putObject("alloc");
    // The development accounts, so wallets and scripts have funds on the local testnet too.
    for (KeyPair funded : HdWallet.deriveAccounts(DevnetCommand.DEV_MNEMONIC, DevnetCommand.VALIDATOR_ACCOUNT_INDEX)) {
      alloc.putObject(funded.address().toChecksumString()).put("balance", "10000000000000000000000");
    }
    var validatorArray = root.putArray("validators");
    for (KeyPair key : keys) {
      // The VRF key is derived from the validator's account key (VrfKeyDerivation), so a node needs one key file.
      byte[] vrfKey = VrfKeyDerivation.fromValidatorSecret(key.secretKey().toArrayUnsafe()).publicKey();
      validatorArray.addObject().put("address", key.address().toChecksumString()).put("stake", VALIDATOR_STAKE_WEI)
          .put("vrfKey", Bytes.wrap(vrfKey).toHexString());
    }
    // Each validator's key is also its node's compute provider key: funded for the provider bond and gas.
    for (KeyPair key : keys) {
      alloc.putObject(key.address().toChecksumString()).put("balance", "10000000000000000000000");
    }
    // The compute market, verifier and rewards rules of the bundled devnet.
    JsonNode devnet;
    try (var in = GenesisParser.class.getResourceAsStream("/io/veritas/genesis/devnet.json")) {
      devnet = mapper.readTree(in);
    }
    for (String section : List.of("market", "verifier", "rewards")) {
      root.set(section, devnet.get(section).deepCopy());
    }
    // The staking module's rules, as on the devnet: 1,000 ETH minimum stake, evidence kept 60 blocks, 5% slash.
    ObjectNode staking = root.putObject("staking");
    staking.put("minStake", "1000000000000000000000");
    staking.put("maxValidators", 100);
    staking.put("unbondingBlocks", 120);
    staking.put("evidenceMaxAgeBlocks", 60);
    staking.put("doubleSignSlashBps", 500);
    staking.put("jailBlocks", 600);
    return mapper.writeValueAsString(root) + "\n";
  }

  private String nodeToml(TestnetLayout layout, int i, List<String> bootnodes) {
    return "# node-" + i + " of the local testnet: veritas node --config " + layout.config(i) + "\n"
        + "genesis = " + quote(layout.genesis().toString()) + "\n"
        + "data-dir = " + quote(layout.dataDir(i).toString()) + "\n"
        + "validator-key = " + quote(layout.validatorKey(i).toString()) + "\n"
        + "provider-key = " + quote(layout.validatorKey(i).toString()) + "\n"
        + "rpc-host = \"127.0.0.1\"\n"
        + "rpc-port = " + (baseRpcPort + i) + "\n"
        + "p2p-host = \"127.0.0.1\"\n"
        + "p2p-port = " + (baseP2pPort + i) + "\n"
        + "bootnodes = " + quote(String.join(",", bootnodes)) + "\n";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
