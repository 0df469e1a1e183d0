package io.veritas.testnet.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.signing.Secp256k1Signer;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EquivocationDetectorTest {
  private static final long CHAIN_ID = 7358;
  private static final Secp256k1Signer SIGNER = new Secp256k1Signer(HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 1).get(0));

  private static BlockId id(int fill) {
    byte[] hash = new byte[32];
    Arrays.fill(hash, (byte) fill);
    return BlockId.of(hash);
  }

  private static Vote vote(VoteType type, long height, int round, BlockId blockId) {
    return new Vote(type, height, round, blockId, SIGNER.address(),
        SIGNER.sign(SignBytes.vote(CHAIN_ID, type, height, round, blockId)));
  }

  @Test
  void findsTwoVotesOfOneSlotForDifferentBlocks() {
    EquivocationDetector detector = new EquivocationDetector();
    Vote forA = vote(VoteType.PREVOTE, 5, 0, id(0xaa));
    Vote forNil = vote(VoteType.PREVOTE, 5, 0, BlockId.NIL);
    assertEquals(Optional.empty(), detector.observe(forA));
    assertEquals(Optional.empty(), detector.observe(forA), "the same vote again is no evidence");
    DoubleSignEvidence evidence = detector.observe(forNil).orElseThrow();
    assertEquals(new DoubleSignEvidence(forA, forNil), evidence);
    assertTrue(evidence.verify(CHAIN_ID, new Secp256k1VoteVerifier()));
  }

  @Test
  void votesOfOtherRoundsTypesOrHeightsDoNotConflict() {
    EquivocationDetector detector = new EquivocationDetector();
    assertEquals(Optional.empty(), detector.observe(vote(VoteType.PREVOTE, 5, 0, id(1))));
    assertEquals(Optional.empty(), detector.observe(vote(VoteType.PREVOTE, 5, 1, id(2))));
    assertEquals(Optional.empty(), detector.observe(vote(VoteType.PRECOMMIT, 5, 0, id(3))));
    assertEquals(Optional.empty(), detector.observe(vote(VoteType.PREVOTE, 6, 0, id(4))));
  }

  @Test
  void forgetsHeightsBelowTheLastFourSeen() {
    EquivocationDetector detector = new EquivocationDetector();
    detector.observe(vote(VoteType.PREVOTE, 1, 0, id(1)));
    for (long h = 2; h <= 1 + EquivocationDetector.HEIGHTS_KEPT; h++) {
      detector.observe(vote(VoteType.PREVOTE, h, 0, id(1)));
    }
    assertEquals(Optional.empty(), detector.observe(vote(VoteType.PREVOTE, 1, 0, id(2))), "height 1 was forgotten");
    assertTrue(detector.observe(vote(VoteType.PREVOTE, 5, 0, id(2))).isPresent(), "height 5 is kept");
  }

  @Test
  void theEquivocationFaultSignsAConflictingTwinOnlyWhenSwitchedOn() {
    FaultEquivocation fault = new FaultEquivocation(SIGNER, CHAIN_ID);
    Vote own = vote(VoteType.PRECOMMIT, 9, 2, id(7));
    assertEquals(Optional.empty(), fault.conflicting(own));
    fault.set(true);
    Vote twin = fault.conflicting(own).orElseThrow();
    assertEquals(BlockId.NIL, twin.blockId());
    assertEquals(VoteType.PRECOMMIT, twin.type());
    assertEquals(9, twin.height());
    assertEquals(2, twin.round());
    assertTrue(new DoubleSignEvidence(own, twin).verify(CHAIN_ID, new Secp256k1VoteVerifier()));
    Vote nilTwin = fault.conflicting(twin).orElseThrow();
    assertTrue(!nilTwin.blockId().isNil(), "a nil vote's twin names a block");
    KeyPair other = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 2).get(1);
    Vote someoneElses = new Vote(VoteType.PREVOTE, 9, 2, id(7), new Secp256k1Signer(other).address(), new byte[65]);
    assertEquals(Optional.empty(), fault.conflicting(someoneElses), "only own votes get a twin");
  }
}
