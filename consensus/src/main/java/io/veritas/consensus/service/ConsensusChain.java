package io.veritas.consensus.service;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.types.Address;
import java.util.Optional;

/**
 * The chain as consensus sees it; the node implements it over its blockchain and transaction pool. Called only from
 * the consensus thread, but blocks may also arrive by sync on other threads: {@link #commit} must tolerate a head that
 * already moved past the block.
 */
public interface ConsensusChain {

    BlockHeader head();

    /** Builds the next block on the head, proposed by {@code proposer}, carrying {@code lastCommit} for the head. */
    Block propose(Address proposer, CommitCertificate lastCommit);

    /**
     * Re-executes {@code block} on the head and checks it (roots, base fee, beacon, ...). Returns why it is invalid,
     * or empty when valid; the node keeps the execution for a following {@link #commit}.
     */
    Optional<String> validate(Block block);

    /**
     * Writes {@code block} (proposed or validated here before) with its certificate. Returns false when the head is
     * already at or past the block's height (it came by sync).
     */
    boolean commit(Block block, CommitCertificate certificate);

    /** The stored certificate that finalized block {@code height}. */
    Optional<CommitCertificate> commitCertificate(long height);
}
