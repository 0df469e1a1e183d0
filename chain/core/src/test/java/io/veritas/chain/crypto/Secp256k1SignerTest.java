package io.veritas.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.testing.TestVectors;
import io.veritas.chain.types.Address;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Secp256k1SignerTest {
  private static final KeyPair DEV0 =
      KeyPair.fromSecret(Bytes32.fromHexString("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));

  /**
   * keyaddrtest.json also carries a "sig_of_emptystring" whose signed message the file does not define (it is
   * neither keccak256(""), sha256("") nor the personal-message hash), so only key -> address is checked.
   */
  record KeyAddr(String seed, Bytes32 key, Address address) {
    @Override
    public String toString() {
      return seed;
    }
  }

  static Stream<KeyAddr> keyAddrVectors() throws IOException {
    JsonNode root = new ObjectMapper().readTree(TestVectors.path("ethereum/keyaddrtest.json").toFile());
    List<KeyAddr> out = new ArrayList<>();
    for (JsonNode n : root) {
      out.add(
          new KeyAddr(
              n.get("seed").asText(),
              Bytes32.fromHexString(n.get("key").asText()),
              Address.fromHex(n.get("addr").asText())));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "keyaddrtest {0}")
  @MethodSource("keyAddrVectors")
  void derivesAddressOfVectorKeyAndRecoversItsSignatures(KeyAddr vector) {
    KeyPair key = KeyPair.fromSecret(vector.key());
    assertEquals(vector.address(), key.address());

    // Our own signature of the same hash recovers to the key as well.
    Signature ours = Secp256k1Signer.sign(Keccak256.EMPTY, key);
    assertTrue(ours.isLowS());
    assertEquals(vector.address(), Secp256k1Signer.recoverAddress(Keccak256.EMPTY, ours));
  }

  @Test
  void signsDeterministicallyAndRoundTrips() {
    Bytes32 message = Keccak256.hash(Bytes.wrap("veritas".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Signature first = Secp256k1Signer.sign(message, DEV0);
    Signature second = Secp256k1Signer.sign(message, DEV0);
    assertEquals(first, second);
    assertTrue(first.isLowS());
    assertEquals(DEV0.address(), Secp256k1Signer.recoverAddress(message, first));
    assertEquals(DEV0.publicKey(), Secp256k1Signer.recoverPublicKey(message, first));
    assertEquals(first, Signature.fromBytes(first.toBytes()));
  }

  @Test
  void roundTripsRandomKeysAndMessages() {
    SecureRandom random = new SecureRandom(new byte[] {7});
    for (int i = 0; i < 50; i++) {
      KeyPair key = KeyPair.random(random);
      Bytes32 message = Bytes32.random(random);
      Signature signature = Secp256k1Signer.sign(message, key);
      assertEquals(key.address(), Secp256k1Signer.recoverAddress(message, signature));
      assertTrue(Secp256k1Signer.isSignedBy(message, signature, key.address()));
    }
  }

  @Test
  void recoversADifferentAddressForAnotherMessage() {
    Signature signature = Secp256k1Signer.sign(Keccak256.EMPTY, DEV0);
    Bytes32 other = Keccak256.hash(Bytes.of(1));
    assertNotEquals(DEV0.address(), Secp256k1Signer.recoverAddress(other, signature));
    assertFalse(Secp256k1Signer.isSignedBy(other, signature, DEV0.address()));
  }

  @Test
  void rejectsHighSWithEip2Message() {
    Signature low = Secp256k1Signer.sign(Keccak256.EMPTY, DEV0);
    Signature high =
        Signature.of(UInt256.fromBytes(low.r()), Secp256k1Curve.N.subtract(UInt256.fromBytes(low.s())), low.recoveryId() ^ 1);
    assertFalse(high.isLowS());
    InvalidSignatureException e =
        assertThrows(InvalidSignatureException.class, () -> Secp256k1Signer.recoverAddress(Keccak256.EMPTY, high));
    assertTrue(e.getMessage().contains("is above secp256k1n/2 (EIP-2)"), e.getMessage());
  }

  @Test
  void rejectsSignatureWhoseRIsNotOnTheCurve() {
    // x = n - 1 ... has no point on the curve for this r (a TransactionTests case: TransactionWithRvalueHigh).
    Signature signature =
        Signature.of(Secp256k1Curve.N.subtract(1), UInt256.ONE, 0);
    InvalidSignatureException e =
        assertThrows(InvalidSignatureException.class, () -> Secp256k1Signer.recoverAddress(Keccak256.EMPTY, signature));
    assertTrue(e.getMessage().startsWith("invalid signature: no public key can be recovered"), e.getMessage());
  }

  @Test
  void rejectsOutOfRangeSignatureValues() {
    assertThrows(InvalidSignatureException.class, () -> Signature.of(UInt256.ZERO, UInt256.ONE, 0));
    assertThrows(InvalidSignatureException.class, () -> Signature.of(UInt256.ONE, Secp256k1Curve.N, 0));
    assertThrows(InvalidSignatureException.class, () -> Signature.of(UInt256.ONE, UInt256.ONE, 2));
  }

  @Test
  void rejectsSecretKeysOutsideTheCurveOrder() {
    assertThrows(IllegalArgumentException.class, () -> KeyPair.fromSecret(Bytes32.ZERO));
    assertThrows(IllegalArgumentException.class, () -> KeyPair.fromSecret(Secp256k1Curve.N.toBytes()));
    assertEquals(
        Address.fromHex("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"),
        KeyPair.fromSecret(UInt256.ONE.toBytes()).address());
  }

  @Test
  void rejectsKeyPairWithMismatchedPublicKey() {
    KeyPair other = KeyPair.fromSecret(UInt256.valueOf(2).toBytes());
    assertThrows(IllegalArgumentException.class, () -> new KeyPair(DEV0.secretKey(), other.publicKey()));
  }

  @Test
  void verifiesAgainstEveryPublicKeyForm() {
    Bytes32 message = Keccak256.hash(Bytes.of(42));
    Signature signature = Secp256k1Signer.sign(message, DEV0);
    Bytes compressed = Secp256k1Signer.compressPublicKey(DEV0.publicKey());
    assertEquals(33, compressed.size());
    assertEquals(DEV0.publicKey(), Secp256k1Signer.decompressPublicKey(compressed));
    assertTrue(Secp256k1Signer.verify(message, signature, DEV0.publicKey()));
    assertTrue(Secp256k1Signer.verify(message, signature, compressed));
    assertTrue(Secp256k1Signer.verify(message, signature, Bytes.concatenate(Bytes.of(4), DEV0.publicKey())));
    assertFalse(Secp256k1Signer.verify(Keccak256.EMPTY, signature, compressed));
  }

  @Test
  void encodesSignatureAsDer() {
    Signature signature = Signature.of(UInt256.valueOf(1), UInt256.valueOf(0x80), 0);
    // SEQUENCE { INTEGER 1, INTEGER 0x0080 (a leading zero keeps it positive) }
    assertEquals(Bytes.fromHexString("0x3007020101020200 80".replace(" ", "")), Secp256k1Signer.toDer(signature));
  }

  @Test
  void rejectsBytesThatAreNotAPublicKey() {
    assertThrows(InvalidSignatureException.class, () -> Secp256k1Signer.decompressPublicKey(Bytes.fromHexString("0x05" + "00".repeat(32))));
  }

  @Test
  void toStringDoesNotRevealTheSecret() {
    assertFalse(DEV0.toString().contains(DEV0.secretKey().toUnprefixedHexString()));
  }
}
