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
    ChainConsensus proposer = new ChainConsensus(proposerNode.chain(), proposerNode.pool(), proposerNode.importer(), clock,
        3 * txBytes + txBytes / 2, new ProposalBudget(Duration.ofMillis(300), 1, 100, Duration.ofMillis(1)));
    ChainConsensus validator = new ChainConsensus(validatorNode.chain(), validatorNode.pool(), validatorNode.importer(), clock, BUDGET);

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
  void rejectsAWrongBeaconAVrfProofAndATimestampFromTheFuture() {
    ChainConsensus proposer = new ChainConsensus(proposerNode.chain(), proposerNode.pool(), proposerNode.importer(), clock, BUDGET);
    ChainConsensus validator = new ChainConsensus(validatorNode.chain(), validatorNode.pool(), validatorNode.importer(), clock, BUDGET);
    BlockHeader h = proposer.propose(VALIDATOR.address(), CommitCertificate.EMPTY).header();

    Block wrongBeacon = withHeader(new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.proposer(), h.stateRoot(),
        h.transactionsRoot(), h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(), h.baseFeePerGas(), Bytes32.ZERO,
        h.vrfProof(), h.validatorsHash(), h.lastCommitHash()));
    assertTrue(validator.validate(wrongBeacon).orElseThrow().startsWith("beacon "), validator.validate(wrongBeacon).toString());

    Block withProof = withHeader(new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.proposer(), h.stateRoot(),
        h.transactionsRoot(), h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(), h.baseFeePerGas(), h.beacon(),
        Bytes.of(1, 2, 3), h.validatorsHash(), h.lastCommitHash()));
    assertEquals(Optional.of("VRF proof must be empty until validators have VRF keys, got 3 bytes"), validator.validate(withProof));

    long future = clock.instant().getEpochSecond() + 60;
    Block fromTheFuture = withHeader(new BlockHeader(h.parentHash(), h.number(), future, h.proposer(), h.stateRoot(),
        h.transactionsRoot(), h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(), h.baseFeePerGas(), h.beacon(),
        h.vrfProof(), h.validatorsHash(), h.lastCommitHash()));
    assertEquals(Optional.of("timestamp " + future + " is more than 15 s ahead of ours"), validator.validate(fromTheFuture));
  }

  private static Block withHeader(BlockHeader header) {
    return new Block(header, List.of(), CommitCertificate.EMPTY);
  }
}
