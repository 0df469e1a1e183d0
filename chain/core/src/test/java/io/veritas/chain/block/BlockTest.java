package io.veritas.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.Secp256k1Signer;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.LegacyTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class BlockTest {
  private static final List<KeyPair> DEV = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 3);

  private static BlockHeader header(long number, Bytes32 lastCommitHash) {
    return new BlockHeader(
        Bytes32.fromHexString("0x11"),
        number,
        1_700_000_000L,
        DEV.get(0).address(),
        Bytes32.fromHexString("0x22"),
        Bytes32.fromHexString("0x33"),
        Bytes32.fromHexString("0x44"),
        LogsBloom.EMPTY,
        30_000_000,
        42_000,
        UInt256.valueOf(1_000_000_000L),
        Bytes32.fromHexString("0x55"),
        Bytes.fromHexString("0x0102030405"),
        Bytes32.fromHexString("0x66"),
        lastCommitHash);
  }

  private static CommitCertificate certificate(Bytes32 blockHash) {
    List<CommitSignature> signatures =
        DEV.stream()
            .map(key -> new CommitSignature(key.address(), Secp256k1Signer.sign(blockHash, key)))
            .toList();
    return new CommitCertificate(6, 1, blockHash, signatures);
  }

  @Test
  void headerRoundTripsAndHashesItsEncoding() {
    BlockHeader header = header(7, CommitCertificate.EMPTY.hash());
    Bytes encoded = header.encoded();
    assertEquals(header, BlockHeader.decode(encoded));
    assertEquals(Keccak256.hash(encoded), header.hash());
  }

  @Test
  void headerEncodesFieldsInOrder() {
    BlockHeader header = header(7, Bytes32.ZERO);
    // The list opens with parentHash (a0 + 32 bytes), then number 7 and the timestamp 1700000000 = 0x6553f100.
    String hex = header.encoded().toUnprefixedHexString();
    assertTrue(hex.contains("a0" + Bytes32.fromHexString("0x11").toUnprefixedHexString() + "07" + "846553f100"), hex);
  }

  @Test
  void certificateRoundTripsAndItsSignaturesVerify() {
    Bytes32 blockHash = Keccak256.hash(Bytes.of(9));
    CommitCertificate certificate = certificate(blockHash);
    CommitCertificate decoded = CommitCertificate.decode(certificate.encoded());
    assertEquals(certificate, decoded);
    assertEquals(Keccak256.hash(certificate.encoded()), certificate.hash());
    for (CommitSignature signature : decoded.signatures()) {
      assertEquals(signature.validator(), Secp256k1Signer.recoverAddress(blockHash, signature.signature()));
    }
  }

  @Test
  void emptyCertificateHasAFixedEncoding() {
    // [0, 0, 32 zero bytes, []]
    assertEquals(Bytes.fromHexString("0xe48080a0" + "00".repeat(32) + "c0"), CommitCertificate.EMPTY.encoded());
    assertTrue(CommitCertificate.EMPTY.isEmpty());
  }

  @Test
  void rejectsCertificateSignedTwiceByOneValidator() {
    Bytes32 blockHash = Bytes32.ZERO;
    CommitSignature once = new CommitSignature(DEV.get(0).address(), Secp256k1Signer.sign(blockHash, DEV.get(0)));
    assertThrows(IllegalArgumentException.class, () -> new CommitCertificate(1, 0, blockHash, List.of(once, once)));
  }

  @Test
  void blockRoundTripsWithTransactionsOfEveryEnvelope() {
    Address bob = DEV.get(1).address();
    Transaction legacy =
        new LegacyTransaction.Unsigned(Optional.of(7357L), 0, UInt256.ONE, 21_000, Optional.of(bob), UInt256.ONE, Bytes.EMPTY)
            .sign(DEV.get(0));
    Transaction dynamic =
        new DynamicFeeTransaction.Unsigned(
                7357, 1, UInt256.ONE, UInt256.valueOf(2), 21_000, Optional.of(bob), UInt256.ONE, Bytes.EMPTY, List.of())
            .sign(DEV.get(0));
    CommitCertificate lastCommit = certificate(Bytes32.fromHexString("0x11"));
    Block block = new Block(header(7, lastCommit.hash()), List.of(legacy, dynamic), lastCommit);

    Block decoded = Block.decode(block.encoded());
    assertEquals(block, decoded);
    assertEquals(block.header().hash(), decoded.hash());
    assertEquals(DEV.get(0).address(), decoded.transactions().get(1).sender());
  }

  @Test
  void rejectsBlockWhoseHeaderDoesNotCommitToItsCertificate() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Block(header(7, Bytes32.ZERO), List.of(), CommitCertificate.EMPTY));
  }

  @Test
  void namesTheInvalidTransactionOfABlock() {
    Block block = new Block(header(1, CommitCertificate.EMPTY.hash()), List.of(), CommitCertificate.EMPTY);
    Bytes encoded = block.encoded();
    // Replace the empty transaction list (c0 after the header) with a list holding one bogus byte string 0x03.
    Bytes header = block.header().encoded();
    Bytes broken =
        Bytes.concatenate(
            Bytes.fromHexString(String.format("0xf9%04x", header.size() + 2 + CommitCertificate.EMPTY.encoded().size())),
            header,
            Bytes.fromHexString("0xc103"),
            CommitCertificate.EMPTY.encoded());
    assertEquals(encoded.size() + 1, broken.size());
    InvalidRlpException e = assertThrows(InvalidRlpException.class, () -> Block.decode(broken));
    assertEquals("block transaction 0: unsupported transaction type 0x03", e.getMessage());
  }

  @Test
  void rejectsGasUsedAboveGasLimit() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BlockHeader(
                Bytes32.ZERO, 1, 0, Address.ZERO, Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO, LogsBloom.EMPTY, 10, 11,
                UInt256.ZERO, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO, Bytes32.ZERO));
  }
}
