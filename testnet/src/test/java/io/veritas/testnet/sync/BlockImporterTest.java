package io.veritas.testnet.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ChainParameters;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.chain.txpool.TxPoolConfig;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisParser;
import io.veritas.genesis.GenesisValidator;
import io.veritas.testnet.node.HeadStateReader;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockImporterTest {
  private static final List<KeyPair> KEYS = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 11);
  private static final KeyPair VALIDATOR = KEYS.get(10);
  private Genesis genesis;
  private Blockchain producer;
  private Blockchain follower;
  private BlockImporter importer;

  @BeforeEach
  void setUp() throws Exception {
    genesis = GenesisParser.bundled("devnet");
    producer = chain();
    follower = chain();
    TransactionPool pool = new TransactionPool(TxPoolConfig.builder(genesis.chainId()).build(),
        new HeadStateReader(follower), follower.nextBaseFee());
    importer = new BlockImporter(follower, pool, genesis.validators());
  }

  private Blockchain chain() {
    ChainParameters params = genesis.parameters();
    return Blockchain.open(new InMemoryKeyValueStore(), params, new BlockExecutor(new TransactionProcessor(params.chainId(),
        new ModuleDispatcher(ModuleRegistry.empty()))), genesis.definition());
  }

  private ProposedBlock nextBlock(int nonce) {
    var tx = new DynamicFeeTransaction.Unsigned(genesis.chainId(), nonce, UInt256.valueOf(1_000_000_000L),
        UInt256.valueOf(10_000_000_000L), 21_000, Optional.of(KEYS.get(1).address()), UInt256.valueOf(5), Bytes.EMPTY, List.of())
        .sign(KEYS.get(0));
    return producer.propose(List.of(tx), producer.head().timestamp() + 1, VALIDATOR.address(), Bytes32.ZERO, Bytes.EMPTY,
        producer.head().validatorsHash(), CommitCertificate.EMPTY, (t, r) -> { });
  }

  private CommitCertificate signedBy(KeyPair key, Block block) {
    return new CommitCertificate(block.header().number(), 0, block.hash(),
        List.of(CommitCertificates.sign(genesis.chainId(), block.header().number(), 0, block, key)));
  }

  @Test
  void importsABlockFinalizedByTheValidatorAndReachesTheSameState() {
    ProposedBlock proposed = nextBlock(0);
    CommitCertificate certificate = signedBy(VALIDATOR, proposed.block());
    producer.commit(proposed, certificate);
    assertEquals(new BlockImporter.Outcome.Imported(1), importer.importBlock(proposed.block(), certificate));
    assertEquals(producer.head(), follower.head());
    assertEquals(Optional.of(certificate), follower.commitCertificate(1));
    assertEquals(new BlockImporter.Outcome.Known(1), importer.importBlock(proposed.block(), certificate));
  }

  @Test
  void rejectsACertificateSignedByANonValidator() {
    ProposedBlock proposed = nextBlock(0);
    var outcome = importer.importBlock(proposed.block(), signedBy(KEYS.get(3), proposed.block()));
    assertEquals(new BlockImporter.Outcome.Invalid("block 1: " + KEYS.get(3).address() + " is not a validator"), outcome);
    assertEquals(0, follower.head().number());
  }

  @Test
  void rejectsAValidatorSignatureMadeForAnotherBlock() {
    ProposedBlock proposed = nextBlock(0);
    CommitCertificate good = signedBy(VALIDATOR, proposed.block());
    producer.commit(proposed, good);
    ProposedBlock other = nextBlock(1);
    // The certificate names the other block's hash, but its signature is over block 1's.
    CommitCertificate transplanted = new CommitCertificate(1, 0, other.block().hash(), good.signatures());
    var outcome = importer.importBlock(other.block(), transplanted);
    assertInstanceOf(BlockImporter.Outcome.Invalid.class, outcome);
  }

  @Test
  void rejectsACertificateWithoutAQuorum() {
    ProposedBlock proposed = nextBlock(0);
    CommitCertificate empty = new CommitCertificate(1, 0, proposed.block().hash(), List.of());
    assertEquals(new BlockImporter.Outcome.Invalid("block 1: precommits carry 0 of 10000000000000 voting power, not more than 2/3"),
        importer.importBlock(proposed.block(), empty));
  }

  @Test
  void reportsAGapForABlockAheadOfTheHead() {
    ProposedBlock first = nextBlock(0);
    producer.commit(first, signedBy(VALIDATOR, first.block()));
    ProposedBlock second = nextBlock(1);
    CommitCertificate cert = signedBy(VALIDATOR, second.block());
    assertEquals(new BlockImporter.Outcome.Gap(2, 0), importer.importBlock(second.block(), cert));
  }

  @Test
  void quorumNeedsMoreThanTwoThirdsOfThePower() throws Exception {
    ProposedBlock proposed = nextBlock(0);
    Block block = proposed.block();
    List<GenesisValidator> four = List.of(validator(KEYS.get(5)), validator(KEYS.get(6)), validator(KEYS.get(7)), validator(KEYS.get(8)));
    CommitCertificate two = new CommitCertificate(1, 0, block.hash(), List.of(
        CommitCertificates.sign(genesis.chainId(), 1, 0, block, KEYS.get(5)),
        CommitCertificates.sign(genesis.chainId(), 1, 0, block, KEYS.get(6))));
    var e = org.junit.jupiter.api.Assertions.assertThrows(CommitCertificates.InvalidCertificateException.class,
        () -> CommitCertificates.verify(genesis.chainId(), two, block, four));
    assertEquals("block 1: precommits carry 2 of 4 voting power, not more than 2/3", e.getMessage());
    CommitCertificate three = new CommitCertificate(1, 0, block.hash(), List.of(
        CommitCertificates.sign(genesis.chainId(), 1, 0, block, KEYS.get(5)),
        CommitCertificates.sign(genesis.chainId(), 1, 0, block, KEYS.get(6)),
        CommitCertificates.sign(genesis.chainId(), 1, 0, block, KEYS.get(7))));
    CommitCertificates.verify(genesis.chainId(), three, block, four);
  }

  /** A genesis validator with a stake of 1 gwei (voting power 1) and the VRF key derived from its account key. */
  private static GenesisValidator validator(KeyPair key) {
    byte[] vrfKey = io.veritas.consensus.vrf.VrfKeyDerivation.fromValidatorSecret(key.secretKey().toArrayUnsafe()).publicKey();
    return new GenesisValidator(key.address(), org.apache.tuweni.units.bigints.UInt256.valueOf(1_000_000_000L),
        org.apache.tuweni.bytes.Bytes.wrap(vrfKey));
  }
}
