package io.veritas.testnet.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ChainParameters;
import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.chain.txpool.TxPoolConfig;
import io.veritas.consensus.beacon.BeaconOutput;
import io.veritas.consensus.beacon.BeaconProducer;
import io.veritas.consensus.evidence.EvidencePool;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.vrf.EcVrf;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import io.veritas.consensus.vrf.VrfKeyPair;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisParser;
import io.veritas.testnet.node.HeadStateReader;
import io.veritas.testnet.sync.BlockImporter;
import io.veritas.testnet.sync.CommitCertificates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChainConsensusTest {
  private static final List<KeyPair> KEYS = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 11);
  private static final KeyPair VALIDATOR = KEYS.get(10);
  /** The devnet validator's VRF key, as the bundled genesis names it (derived from its account key). */
  private static final VrfKeyPair VRF = VrfKeyDerivation.fromValidatorSecret(VALIDATOR.secretKey().toArrayUnsafe());
  private Genesis genesis;
  private static final Duration BUDGET = Duration.ofMillis(300);
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

  /** One node's chain, pool and importer. */
  private record Node(Blockchain chain, TransactionPool pool, BlockImporter importer) {}

  private Node proposerNode;
  private Node validatorNode;

  @BeforeEach
  void setUp() throws Exception {
    genesis = GenesisParser.bundled("devnet");
    proposerNode = node();
    validatorNode = node();
  }

  private Node node() {
    ChainParameters params = genesis.parameters();
    Blockchain chain = Blockchain.open(new InMemoryKeyValueStore(), params, new BlockExecutor(new TransactionProcessor(params.chainId(),
        new ModuleDispatcher(ModuleRegistry.empty()))), genesis.definition());
    TransactionPool pool = new TransactionPool(TxPoolConfig.builder(genesis.chainId()).build(), new HeadStateReader(chain),
        chain.nextBaseFee());
    return new Node(chain, pool, new BlockImporter(chain, pool, genesis.validators()));
  }

  private Transaction transfer(int nonce) {
    return new DynamicFeeTransaction.Unsigned(genesis.chainId(), nonce, UInt256.valueOf(1_000_000_000L),
        UInt256.valueOf(10_000_000_000L), 21_000, Optional.of(KEYS.get(1).address()), UInt256.valueOf(5), Bytes.EMPTY, List.of())
        .sign(KEYS.get(0));
  }

  private CommitCertificate certificate(Block block) {
    long n = block.header().number();
    return new CommitCertificate(n, 1, block.hash(), List.of(CommitCertificates.sign(genesis.chainId(), n, 1, block, VALIDATOR)));
  }

  @Test
  void proposesWithinTheByteBudgetAndAnotherValidatorValidatesAndCommitsTheSameBlock() {
    for (int nonce = 0; nonce < 10; nonce++) {
      assertTrue(proposerNode.pool().add(transfer(nonce)).accepted());
    }
    int txBytes = transfer(0).encoded().size();
    ChainConsensus proposer = new ChainConsensus(proposerNode.chain(), proposerNode.pool(), proposerNode.importer(), clock, VRF, evidence(),
        3 * txBytes + txBytes / 2, new ProposalBudget(Duration.ofMillis(300), 1, 100, Duration.ofMillis(1)));
    ChainConsensus validator = new ChainConsensus(validatorNode.chain(), validatorNode.pool(), validatorNode.importer(), clock, VRF, evidence(), BUDGET);

    Block block = proposer.propose(VALIDATOR.address(), CommitCertificate.EMPTY);
    assertEquals(3, block.transactions().size(), "three transactions fit the byte budget");
    assertEquals(Optional.empty(), validator.validate(block));

    CommitCertificate certificate = certificate(block);
    assertTrue(validator.commit(block, certificate));
    assertTrue(proposer.commit(block, certificate));
    assertFalse(validator.commit(block, certificate), "already at the block's height");
    assertEquals(block.hash(), validatorNode.chain().head().hash());
    assertEquals(block.hash(), proposerNode.chain().head().hash());
    assertEquals(Optional.of(certificate), validatorNode.chain().commitCertificate(1));
    assertEquals(7, proposerNode.pool().size(), "the committed transactions left the pool");
  }

  @Test
  void rejectsAWrongBeaconABadVrfProofAWrongValidatorsHashAndATimestampFromTheFuture() {
    ChainConsensus proposer = new ChainConsensus(proposerNode.chain(), proposerNode.pool(), proposerNode.importer(), clock, VRF, evidence(), BUDGET);
    ChainConsensus validator = new ChainConsensus(validatorNode.chain(), validatorNode.pool(), validatorNode.importer(), clock, VRF, evidence(), BUDGET);
    BlockHeader h = proposer.propose(VALIDATOR.address(), CommitCertificate.EMPTY).header();
    assertEquals(EcVrf.PROOF_LENGTH, h.vrfProof().size());
    assertEquals(Optional.empty(), validator.validate(withHeader(h)));
    Bytes32 parentBeacon = validatorNode.chain().head().beacon();

    Block wrongBeacon = withHeader(header(h, h.timestamp(), Bytes32.ZERO, h.vrfProof(), h.validatorsHash()));
    assertEquals(Optional.of("block 1: beacon " + Bytes32.ZERO + " should be " + h.beacon()
        + " = keccak256(previous beacon ‖ VRF output)"), validator.validate(wrongBeacon));

    Block shortProof = withHeader(header(h, h.timestamp(), h.beacon(), Bytes.of(1, 2, 3), h.validatorsHash()));
    assertEquals(Optional.of("block 1: VRF proof is 3 bytes, expected " + EcVrf.PROOF_LENGTH + " (proposer "
        + VALIDATOR.address() + ")"), validator.validate(shortProof));

    // A valid proof, but by another key than the one the staking set names for the proposer.
    VrfKeyPair other = VrfKeyDerivation.fromValidatorSecret(KEYS.get(3).secretKey().toArrayUnsafe());
    BeaconOutput forged = BeaconProducer.produce(other, parentBeacon, 1);
    Block wrongKey = withHeader(header(h, h.timestamp(), forged.beacon(), forged.vrfProof(), h.validatorsHash()));
    assertEquals(Optional.of("block 1: VRF proof does not verify under VRF key " + Bytes.wrap(VRF.publicKey()).toHexString()
        + " for input previous beacon " + parentBeacon + " ‖ height 1 (proposer " + VALIDATOR.address() + ")"),
        validator.validate(wrongKey));

    Block wrongSet = withHeader(header(h, h.timestamp(), h.beacon(), h.vrfProof(), Bytes32.ZERO));
    assertEquals(Optional.of("validators hash " + Bytes32.ZERO + " should be " + h.validatorsHash()
        + ", the staking set of height 1"), validator.validate(wrongSet));

    long future = clock.instant().getEpochSecond() + 60;
    Block fromTheFuture = withHeader(header(h, future, h.beacon(), h.vrfProof(), h.validatorsHash()));
    assertEquals(Optional.of("timestamp " + future + " is more than 15 s ahead of ours"), validator.validate(fromTheFuture));
  }

  @Test
  void proposalCandidatesEndAtTheBuildDeadline() {
    List<Transaction> candidates = List.of(transfer(0), transfer(1), transfer(2));
    List<Transaction> open = new java.util.ArrayList<>();
    ChainConsensus.untilDeadline(candidates, 60_000_000_000L).forEach(open::add);
    assertEquals(candidates, open);
    assertFalse(ChainConsensus.untilDeadline(candidates, 0).iterator().hasNext(),
        "nothing once the deadline has passed");
  }

  private EvidencePool evidence() {
    return new EvidencePool(genesis.chainId(), new Secp256k1VoteVerifier(), genesis.staking().evidenceMaxAgeBlocks(), 16);
  }

  private static BlockHeader header(BlockHeader h, long timestamp, Bytes32 beacon, Bytes vrfProof, Bytes32 validatorsHash) {
    return new BlockHeader(h.parentHash(), h.number(), timestamp, h.proposer(), h.stateRoot(), h.transactionsRoot(),
        h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(), h.baseFeePerGas(), beacon, vrfProof, validatorsHash,
        h.lastCommitHash());
  }

  private static Block withHeader(BlockHeader header) {
    return new Block(header, List.of(), CommitCertificate.EMPTY);
  }
}
