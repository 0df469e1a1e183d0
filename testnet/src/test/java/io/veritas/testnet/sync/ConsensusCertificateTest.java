package io.veritas.testnet.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.signing.Secp256k1Signer;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import io.veritas.genesis.GenesisValidator;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/**
 * The certificate BFT consensus makes (precommits of a later round, signed through the consensus signer, turned
 * into the chain's certificate) is what a follower's import accepts: one sign-bytes layout, one hash, one type.
 */
class ConsensusCertificateTest {
  private static final long CHAIN_ID = 7358;
  private static final List<KeyPair> KEYS = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 4);
  private static final List<GenesisValidator> VALIDATORS =
      KEYS.stream().map(k -> new GenesisValidator(k.address(), UInt256.valueOf(100_000_000_000L),
          Bytes.wrap(VrfKeyDerivation.fromValidatorSecret(k.secretKey().toArrayUnsafe()).publicKey()))).toList();

  private static Block block(long number) {
    BlockHeader header = new BlockHeader(Bytes32.ZERO, number, 1_767_225_600L, KEYS.get(0).address(), Bytes32.ZERO,
        Bytes32.ZERO, Bytes32.ZERO, LogsBloom.EMPTY, 30_000_000, 0, UInt256.ONE, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO,
        CommitCertificate.EMPTY.hash());
    return new Block(header, List.of(), CommitCertificate.EMPTY);
  }

  private static CommitCertificate consensusCertificate(Block block, int round, int signers) {
    BlockId id = BlockId.of(block.hash().toArrayUnsafe());
    List<Vote> precommits = new ArrayList<>();
    for (int i = 0; i < signers; i++) {
      Secp256k1Signer signer = new Secp256k1Signer(KEYS.get(i));
      precommits.add(new Vote(VoteType.PRECOMMIT, block.header().number(), round, id, signer.address(),
          signer.sign(SignBytes.vote(CHAIN_ID, VoteType.PRECOMMIT, block.header().number(), round, id))));
    }
    return io.veritas.consensus.message.CommitCertificates.of(block.header().number(), round, id, precommits);
  }

  @Test
  void followerAcceptsALaterRoundCertificateOfThreeOfFourValidators() throws Exception {
    Block block = block(7);
    CommitCertificate certificate = consensusCertificate(block, 2, 3);
    assertEquals(2, certificate.round());
    CommitCertificates.verify(CHAIN_ID, certificate, block, VALIDATORS);
    CommitCertificates.verify(CHAIN_ID, CommitCertificate.decode(certificate.encoded()), block, VALIDATORS);
  }

  @Test
  void followerRejectsTwoOfFourAndARoundTheSignaturesWereNotMadeFor() {
    Block block = block(7);
    var tooFew = assertThrows(CommitCertificates.InvalidCertificateException.class,
        () -> CommitCertificates.verify(CHAIN_ID, consensusCertificate(block, 1, 2), block, VALIDATORS));
    assertEquals("block 7: precommits carry 200 of 400 voting power, not more than 2/3", tooFew.getMessage());
    CommitCertificate signed = consensusCertificate(block, 1, 3);
    CommitCertificate relabelled = new CommitCertificate(7, 0, signed.blockHash(), signed.signatures());
    var wrongRound = assertThrows(CommitCertificates.InvalidCertificateException.class,
        () -> CommitCertificates.verify(CHAIN_ID, relabelled, block, VALIDATORS));
    assertEquals("block 7: the signature of " + KEYS.get(0).address() + " is not its own", wrongRound.getMessage());
  }
}
