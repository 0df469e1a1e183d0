package io.veritas.chain.blockchain;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.receipt.Receipt;
import java.util.List;

/**
 * A block that is now part of the chain, with its receipts and the certificate that finalized it (empty for
 * a chain without signed commits): what new-head listeners receive.
 */
public record CommittedBlock(Block block, List<Receipt> receipts, CommitCertificate certificate) {
  public CommittedBlock {
    receipts = List.copyOf(receipts);
  }
}
