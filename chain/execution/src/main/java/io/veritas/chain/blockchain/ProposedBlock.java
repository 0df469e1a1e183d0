package io.veritas.chain.blockchain;

import io.veritas.chain.block.Block;
import io.veritas.chain.execution.BlockExecution;
import io.veritas.chain.state.WorldState;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A block built or imported and executed, not yet committed: its post-state waits to be written. Once the block
 * is committed, {@code postState} belongs to the chain, which continues its next proposal from it.
 *
 * @param transactionHashes the hash of each transaction of the block, in order (computed once, while the
 *     transactions root was)
 */
public record ProposedBlock(Block block, BlockExecution execution, WorldState postState, List<Bytes32> transactionHashes) {
  public ProposedBlock {
    transactionHashes = List.copyOf(transactionHashes);
    if (transactionHashes.size() != block.transactions().size()) {
      throw new IllegalArgumentException(
          "block " + block.header().number() + " has " + block.transactions().size() + " transactions but "
              + transactionHashes.size() + " hashes");
    }
  }
}
