package io.veritas.verifier.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.ModuleEvent;
import io.veritas.chain.module.ModuleMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ABI JSON shipped as a resource must be what the module's declarations render. Regenerate it after changing a
 * method or event with {@code mvn -pl verifier test -Dtest=VerifierAbiTest -Dveritas.writeAbi=true}.
 */
class VerifierAbiTest {
  static final String RESOURCE = VerifierModule.ABI_RESOURCE;

  private static VerifierModule module() {
    return new VerifierModule(VerifierModuleTest.PARAMS, VerifierModuleTest.MARKET);
  }

  @Test
  void shippedAbiJsonMatchesTheModuleDeclarations() throws IOException {
    String rendered = ModuleAbiJson.render(module()) + "\n";
    if (Boolean.getBoolean("veritas.writeAbi")) {
      Path file = Path.of("src/main/resources").resolve(RESOURCE.substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
    }
    try (InputStream in = VerifierModule.class.getResourceAsStream(RESOURCE)) {
      String shipped = in == null ? "<missing>" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(rendered, shipped, RESOURCE + " is out of date: regenerate it with -Dveritas.writeAbi=true (see this test's doc)");
    }
  }

  @Test
  void selectorsAndTopicsAreSolidities() {
    List<ModuleMethod> methods = module().methods();
    for (ModuleMethod method : methods) {
      // web3j's own keccak (through Bouncy Castle) must agree with the SPI's selector.
      assertEquals(org.web3j.crypto.Hash.sha3String(method.signature()).substring(0, 10), method.selector().toHexString(), method.signature());
    }
    for (ModuleEvent event : module().events()) {
      assertEquals(org.web3j.crypto.Hash.sha3String(event.signature()), event.topic().toHexString(), event.signature());
    }
    assertEquals(List.of(
        "issueChallenge(uint256,address[])", "resolveChallenge(uint256)", "deferDuties(uint256[],uint256[])",
        "commitVerdict(uint256,bytes32)", "revealVerdict(uint256,bytes32,bytes32)", "revealTrace(uint256,bytes32,bytes32)",
        "getChallenge(uint256)", "challengeCount()", "openChallengesOf(address)"),
        methods.stream().map(ModuleMethod::signature).toList());
    assertEquals(List.of(
        "ChallengeIssued(uint256,uint256,address[])", "ChallengeEscalated(uint256,address[])", "VerdictCommitted(uint256,address)",
        "TraceRevealed(uint256,bytes32)", "VerdictRevealed(uint256,address,bool)", "ChallengeResolved(uint256,bool)",
        "Slashed(address,uint256,string)"),
        module().events().stream().map(ModuleEvent::signature).toList());
  }
}
