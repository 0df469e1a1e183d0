package io.veritas.testnet.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisParser;
import io.veritas.testnet.sync.CommitCertificates;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class BlockMessagesTest {
  private static final List<KeyPair> KEYS = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 11);

  @Test
  void aResponseBuiltFromStoredEncodingsIsTheSameBytesAsOneBuiltFromDecodedBlocks() throws Exception {
    Genesis genesis = GenesisParser.bundled("devnet");
    ChainParameters params = genesis.parameters();
    Blockchain chain = Blockchain.open(new InMemoryKeyValueStore(), params, new BlockExecutor(new TransactionProcessor(
        params.chainId(), new ModuleDispatcher(ModuleRegistry.empty()))), genesis.definition());
    var tx = new DynamicFeeTransaction.Unsigned(genesis.chainId(), 0, UInt256.valueOf(1_000_000_000L),
        UInt256.valueOf(10_000_000_000L), 21_000, Optional.of(KEYS.get(1).address()), UInt256.valueOf(5), Bytes.EMPTY,
        List.of()).sign(KEYS.get(0));
    ProposedBlock proposed = chain.propose(List.of(tx), chain.head().timestamp() + 1, KEYS.get(10).address(), Bytes32.ZERO,
        Bytes.EMPTY, chain.head().validatorsHash(), CommitCertificate.EMPTY, (t, r) -> { });
    Block block = proposed.block();
    CommitCertificate certificate = new CommitCertificate(1, 0, block.hash(),
        List.of(CommitCertificates.sign(genesis.chainId(), 1, 0, block, KEYS.get(10))));
    chain.commit(proposed, certificate);

    var store = chain.store();
    Bytes stored = BlockMessages.encodeEncodedResponse(List.of(
        BlockMessages.encode(store.encodedBlock(block.hash()).orElseThrow(), store.encodedCommitCertificate(1).orElseThrow()),
        BlockMessages.encode(store.encodedBlock(chain.header(0).orElseThrow().hash()).orElseThrow(),
            CommitCertificate.EMPTY.encoded())));
    Bytes decoded = BlockMessages.encodeResponse(List.of(new BlockMessages.FinalizedBlock(block, certificate),
        new BlockMessages.FinalizedBlock(chain.block(0).orElseThrow(), CommitCertificate.EMPTY)));
    assertEquals(decoded, stored);
    List<BlockMessages.FinalizedBlock> back = BlockMessages.decodeResponse(stored);
    assertEquals(block.hash(), back.get(0).block().hash());
    assertEquals(certificate, back.get(0).certificate());
    assertEquals(0, back.get(1).block().header().number());
  }
}
