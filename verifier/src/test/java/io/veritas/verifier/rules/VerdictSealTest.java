package io.veritas.verifier.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.types.Address;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class VerdictSealTest {
  static final Bytes32 ROOT = Bytes32.fromHexString("0x7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace");
  static final Bytes32 SALT = Bytes32.fromHexString("0x5a175a175a175a175a175a175a175a175a175a175a175a175a175a175a175a17");
  static final Address VERIFIER = Address.fromHex("0x01a349de3814324847201188a2c674b96964c00f");

  @Test
  void sealedVerdictIsKeccakOfRootSaltAndTheVerifiersTwentyBytes() {
    String packed = ROOT.toUnprefixedHexString() + SALT.toUnprefixedHexString() + "01a349de3814324847201188a2c674b96964c00f";
    assertEquals(Hash.sha3("0x" + packed), VerdictSeal.sealVerdict(ROOT, SALT, VERIFIER).toHexString());
    assertNotEquals(VerdictSeal.sealVerdict(ROOT, SALT, VERIFIER), VerdictSeal.sealVerdict(ROOT, SALT, Address.fromLong(1)),
        "another verifier cannot reuse a seal it saw on chain");
  }

  @Test
  void sealedTraceIsKeccakOfRootAndSalt() {
    assertEquals(Bytes32.wrap(Hash.sha3(Bytes.concatenate(ROOT, SALT).toArrayUnsafe())), VerdictSeal.sealTrace(ROOT, SALT));
  }

  @Test
  void mismatchRootIsKeccakOfTheLabelAndTheUint32Position() {
    assertEquals(Hash.sha3("0x" + Numeric.toHexStringNoPrefix("veritas.mismatch".getBytes()) + "00000007"),
        VerdictSeal.mismatchRoot(7).toHexString());
    assertEquals(Hash.sha3("0x" + Numeric.toHexStringNoPrefix("veritas.mismatch".getBytes()) + "ffffffff"),
        VerdictSeal.mismatchRoot(0xFFFF_FFFFL).toHexString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VerdictSeal.mismatchRoot(-1));
    assertEquals("mismatch position must be a uint32, got -1", e.getMessage());
  }
}
