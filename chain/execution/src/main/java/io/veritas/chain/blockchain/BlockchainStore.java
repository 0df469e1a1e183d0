package io.veritas.chain.blockchain;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.storage.Column;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * How blocks, receipts and their indexes are laid out in the key-value store. Everything one block adds is
 * written through one {@link WriteBatch}, so the chain on disk is always a whole number of blocks.
 *
 * <ul>
 *   <li>HEADERS: block hash → RLP(header)
 *   <li>BODIES: block hash → RLP(block)
 *   <li>RECEIPTS: block hash → RLP list of EIP-2718 receipt encodings
 *   <li>INDEXES: 'n' ‖ number (8 bytes BE) → block hash; 't' ‖ tx hash → block hash ‖ index (4 bytes BE);
 *       'r' ‖ tx hash → UTF-8 revert reason of a failed module call; 'c' ‖ number → RLP(commit certificate
 *       that finalized that block)
 *   <li>METADATA: "head" → hash of the newest block
 * </ul>
 */
public final class BlockchainStore {
  private static final Bytes HEAD_KEY = Bytes.wrap("head".getBytes(StandardCharsets.US_ASCII));
  private static final byte NUMBER_INDEX = 'n';
  private static final byte TX_INDEX = 't';
  private static final byte REVERT_REASON = 'r';
  private static final byte COMMIT = 'c';

  private final KeyValueStore store;

  public BlockchainStore(KeyValueStore store) {
    this.store = store;
  }

  public KeyValueStore keyValueStore() {
    return store;
  }

  public Optional<Bytes32> headHash() {
    return store.get(Column.METADATA, HEAD_KEY).map(Bytes32::wrap);
  }

  public Optional<BlockHeader> header(Bytes32 hash) {
    return store.get(Column.HEADERS, hash).map(BlockHeader::decode);
  }

  public Optional<Block> block(Bytes32 hash) {
    return store.get(Column.BODIES, hash).map(Block::decode);
  }

  /** The block's RLP as stored, not decoded: what range sync serves as it is. */
  public Optional<Bytes> encodedBlock(Bytes32 hash) {
    return store.get(Column.BODIES, hash);
  }

  public Optional<Bytes32> hashAt(long number) {
    return store.get(Column.INDEXES, numberKey(number)).map(Bytes32::wrap);
  }

  public Optional<List<Receipt>> receipts(Bytes32 blockHash) {
    return store
        .get(Column.RECEIPTS, blockHash)
        .map(bytes -> Rlp.decodeList(bytes, "receipts", reader -> {
          List<Receipt> out = new java.util.ArrayList<>();
          while (!reader.isComplete()) {
            out.add(Receipt.decode(reader.readValue()));
          }
          return out;
        }));
  }

  public Optional<TransactionLocation> transactionLocation(Bytes32 txHash) {
    return store
        .get(Column.INDEXES, Bytes.concatenate(Bytes.of(TX_INDEX), txHash))
        .flatMap(value -> {
          Bytes32 blockHash = Bytes32.wrap(value.slice(0, 32));
          int index = value.slice(32, 4).toInt();
          return header(blockHash).map(h -> new TransactionLocation(blockHash, h.number(), index));
        });
  }

  public Optional<String> revertReason(Bytes32 txHash) {
    return store
        .get(Column.INDEXES, Bytes.concatenate(Bytes.of(REVERT_REASON), txHash))
        .map(b -> new String(b.toArrayUnsafe(), StandardCharsets.UTF_8));
  }

  /** The certificate of +2/3 precommits that finalized block {@code number}, when the node has it. */
  public Optional<CommitCertificate> commitCertificate(long number) {
    return store.get(Column.INDEXES, Bytes.concatenate(Bytes.of(COMMIT), Bytes.ofUnsignedLong(number)))
        .map(CommitCertificate::decode);
  }

  /** The commit certificate's RLP as stored, not decoded. */
  public Optional<Bytes> encodedCommitCertificate(long number) {
    return store.get(Column.INDEXES, Bytes.concatenate(Bytes.of(COMMIT), Bytes.ofUnsignedLong(number)));
  }

  public void putCommitCertificate(WriteBatch batch, long number, CommitCertificate certificate) {
    batch.put(Column.INDEXES, Bytes.concatenate(Bytes.of(COMMIT), Bytes.ofUnsignedLong(number)), certificate.encoded());
  }

  /**
   * Adds a block, its receipts and indexes to {@code batch} and makes it the head.
   *
   * @param transactionHashes the hash of each of the block's transactions, in order
   */
  public void putBlock(
      WriteBatch batch, Block block, List<Bytes32> transactionHashes, List<Receipt> receipts, List<Optional<String>> revertReasons) {
    if (transactionHashes.size() != block.transactions().size()) {
      throw new IllegalArgumentException(
          "block " + block.header().number() + " has " + block.transactions().size() + " transactions but "
              + transactionHashes.size() + " hashes");
    }
    Bytes32 hash = block.hash();
    batch.put(Column.HEADERS, hash, block.header().encoded());
    batch.put(Column.BODIES, hash, block.encoded());
    batch.put(Column.RECEIPTS, hash, RLP.encodeList(w -> receipts.forEach(r -> w.writeValue(r.encoded()))));
    batch.put(Column.INDEXES, numberKey(block.header().number()), hash);
    for (int i = 0; i < block.transactions().size(); i++) {
      Bytes32 txHash = transactionHashes.get(i);
      batch.put(Column.INDEXES, Bytes.concatenate(Bytes.of(TX_INDEX), txHash), Bytes.concatenate(hash, Bytes.ofUnsignedInt(i)));
      int index = i;
      revertReasons.get(i).ifPresent(reason -> batch.put(
          Column.INDEXES,
          Bytes.concatenate(Bytes.of(REVERT_REASON), transactionHashes.get(index)),
          Bytes.wrap(reason.getBytes(StandardCharsets.UTF_8))));
    }
    batch.put(Column.METADATA, HEAD_KEY, hash);
  }

  private static Bytes numberKey(long number) {
    return Bytes.concatenate(Bytes.of(NUMBER_INDEX), Bytes.ofUnsignedLong(number));
  }
}
