package io.veritas.consensus.service;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A chain without execution for driver tests: blocks are real {@link Block}s whose state root folds in the proposer
 * and timestamp, so two proposers' blocks at one height differ and a fork would show in the hashes.
 */
final class MemoryChain implements ConsensusChain {

    static final BlockHeader GENESIS = new BlockHeader(Bytes32.ZERO, 0, 0, Address.ZERO, Bytes32.ZERO, Bytes32.ZERO,
            Bytes32.ZERO, LogsBloom.EMPTY, 30_000_000, 0, UInt256.ZERO, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO,
            CommitCertificate.EMPTY.hash());

    private final List<Block> blocks = new ArrayList<>();
    private final List<CommitCertificate> certificates = new ArrayList<>();
    private final LongSupplier clockMillis;
    /** A proposer whose blocks this chain finds invalid (as if it proposed blocks with a wrong state root). */
    Address rejectedProposer;
    /** Called after every commit, as the node's new-head listener is. */
    Runnable onCommit = () -> { };

    MemoryChain(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    @Override
    public BlockHeader head() {
        return blocks.isEmpty() ? GENESIS : blocks.getLast().header();
    }

    @Override
    public Block propose(Address proposer, CommitCertificate lastCommit) {
        BlockHeader parent = head();
        long time = clockMillis.getAsLong() / 1000;
        Bytes32 state = Keccak256.hash(Bytes.concatenate(parent.stateRoot(), proposer.bytes(), Bytes.ofUnsignedLong(time)));
        BlockHeader header = new BlockHeader(parent.hash(), parent.number() + 1, time, proposer, state, Bytes32.ZERO,
                Bytes32.ZERO, LogsBloom.EMPTY, parent.gasLimit(), 0, UInt256.ZERO, parent.beacon(), Bytes.EMPTY,
                parent.validatorsHash(), lastCommit.hash());
        return new Block(header, List.of(), lastCommit);
    }

    @Override
    public Optional<String> validate(Block block) {
        if (block.header().proposer().equals(rejectedProposer)) {
            return Optional.of("state root does not match (test)");
        }
        return block.header().parentHash().equals(head().hash())
                ? Optional.empty()
                : Optional.of("does not extend the head");
    }

    @Override
    public boolean commit(Block block, CommitCertificate certificate) {
        if (block.header().number() <= head().number()) {
            return false;
        }
        if (!block.header().parentHash().equals(head().hash())) {
            throw new IllegalStateException("block " + block.header().number() + " does not extend the head");
        }
        blocks.add(block);
        certificates.add(certificate);
        onCommit.run();
        return true;
    }

    /** Sync: takes a finalized block from another node. */
    void importBlock(Block block, CommitCertificate certificate) {
        commit(block, certificate);
    }

    @Override
    public Optional<CommitCertificate> commitCertificate(long height) {
        return height >= 1 && height <= certificates.size() ? Optional.of(certificates.get((int) height - 1))
                : Optional.empty();
    }

    Block block(long height) {
        return blocks.get((int) height - 1);
    }

    long height() {
        return blocks.size();
    }
}
