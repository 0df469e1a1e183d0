package io.veritas.consensus.staking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.ModuleMethod;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ABI JSON shipped as a resource must be what the module's declarations render. Regenerate it after changing a
 * method or event with {@code mvn -pl consensus test -Dtest=StakingAbiTest -Dveritas.writeAbi=true}.
 */
class StakingAbiTest {
    private static final StakingModule MODULE = new StakingModule(StakingModuleTest.PARAMS, 7357, new Secp256k1VoteVerifier());

    @Test
    void shippedAbiJsonMatchesTheModuleDeclarations() throws IOException {
        String rendered = ModuleAbiJson.render(MODULE) + "\n";
        if (Boolean.getBoolean("veritas.writeAbi")) {
            Path file = Path.of("src/main/resources").resolve(StakingModule.ABI_RESOURCE.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered, StandardCharsets.UTF_8);
        }
        try (InputStream in = StakingModule.class.getResourceAsStream(StakingModule.ABI_RESOURCE)) {
            String shipped = in == null ? "<missing>" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(rendered, shipped, StakingModule.ABI_RESOURCE + " is out of date: regenerate it with -Dveritas.writeAbi=true");
        }
    }

    @Test
    void selectorsAreSolidities() {
        List<ModuleMethod> methods = MODULE.methods();
        // Selectors as solc / `cast sig` compute them.
        assertEquals(List.of("stake(bytes) 0x2d1e0c02", "unstake(uint256) 0x2e17de78", "withdraw() 0x3ccfd60b",
                        "slashDoubleSign(bytes) 0x6c5468a6", "updateValidatorSet() 0x67d07b2f", "validators() 0xca1e7819", "validatorsAt(uint64) 0xa896def1",
                        "getValidator(address) 0x1904bb2e"),
                methods.stream().map(m -> m.signature() + " " + m.selector().toHexString()).toList());
    }
}
