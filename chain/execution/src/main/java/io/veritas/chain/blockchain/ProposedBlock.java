package io.veritas.chain.blockchain;

import io.veritas.chain.block.Block;
import io.veritas.chain.execution.BlockExecution;
import io.veritas.chain.state.WorldState;

/**
 * A block built or imported and executed, not yet committed: its post-state waits to be written. Once the block
 * is committed, {@code postState} belongs to the chain, which continues its next proposal from it.
 */
public record ProposedBlock(Block block, BlockExecution execution, WorldState postState) {}
