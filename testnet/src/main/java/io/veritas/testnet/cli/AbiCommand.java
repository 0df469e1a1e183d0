package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.NativeModule;
import io.veritas.genesis.Genesis;
import io.veritas.testnet.node.NativeModules;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code veritas abi [MODULE]}: the Solidity-style ABI JSON of the chain's native modules, for wallets and
 * tools (ethers' {@code new Contract(address, abi)}, web3j's generator). Without a name: every module with its
 * name and address; with one: that module's ABI array alone.
 */
@Command(name = "abi", mixinStandardHelpOptions = true,
    description = "Print the ABI JSON of the native modules (all, or the one named: e.g. compute-market).")
public final class AbiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "MODULE", description = "A module name, e.g. compute-market.")
  Optional<String> module;

  @Option(names = "--genesis", defaultValue = "devnet",
      description = "A bundled network (devnet, testnet) or a genesis JSON file whose modules to list (default: ${DEFAULT-VALUE}).")
  String genesis;

  @Override
  public Integer call() throws Exception {
    Genesis chainGenesis = GenesisSource.load(genesis);
    List<NativeModule> modules = NativeModules.forGenesis(chainGenesis);
    ObjectMapper json = new ObjectMapper();
    if (module.isPresent()) {
      NativeModule found = modules.stream().filter(m -> m.name().equals(module.get())).findFirst().orElseThrow(() ->
          new ParameterException(spec.commandLine(), "no module named '" + module.get() + "' in genesis " + chainGenesis.name()
              + " (modules: " + String.join(", ", modules.stream().map(NativeModule::name).toList()) + ")"));
      System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(ModuleAbiJson.abi(found)));
      return 0;
    }
    ArrayNode out = json.createArrayNode();
    for (NativeModule m : modules) {
      ObjectNode entry = out.addObject();
      entry.put("name", m.name());
      entry.put("address", m.address().toChecksumString());
      entry.set("abi", ModuleAbiJson.abi(m));
    }
    System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    return 0;
  }

}
