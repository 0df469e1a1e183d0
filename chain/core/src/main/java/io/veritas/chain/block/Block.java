package io.veritas.chain.block;

import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.tx.InvalidTransactionException;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * A block: header, transactions and the commit certificate of the parent. RLP: [header, [tx...], lastCommit],
 * each transaction as a byte string holding its EIP-2718 encoding (legacy ones too, unlike Ethereum's body,
 * so every transaction is one opaque item).
 *
 * <p>The header must commit to the certificate ({@code header.lastCommitHash == lastCommit.hash()}); the
 * transactions root needs the trie and is checked by block validation.
 */
public record Block(BlockHeader header, List<Transaction> transactions, CommitCertificate lastCommit) {
  public Block {
    Objects.requireNonNull(header, "header");
    transactions = List.copyOf(transactions);
    Objects.requireNonNull(lastCommit, "lastCommit");
    if (!header.lastCommitHash().equals(lastCommit.hash())) {
      throw new IllegalArgumentException(
          "header lastCommitHash "
              + header.lastCommitHash()
              + " does not match the certificate's hash "
              + lastCommit.hash());
    }
  }

  /** The header hash. */
  public Bytes32 hash() {
    return header.hash();
  }

  public long number() {
    return header.number();
  }

  public Bytes encoded() {
    return RLP.encodeList(
        w -> {
          header.writeTo(w);
          w.writeList(transactions, (tw, tx) -> tw.writeValue(tx.encoded()));
          lastCommit.writeTo(w);
        });
  }

  /**
   * Decodes {@link #encoded()}, recovering every transaction's sender.
   *
   * @throws InvalidRlpException if the block is malformed or a transaction is invalid (the message names its
   *     index)
   */
  public static Block decode(Bytes encoded) {
    return Rlp.decodeList(
        encoded,
        "block",
        r -> {
          BlockHeader header = BlockHeader.readFrom(r);
          List<Bytes> rawTransactions = Rlp.readListOf(r, "block transactions", t -> Rlp.readBytes(t, "transaction"));
          CommitCertificate lastCommit = CommitCertificate.readFrom(r);
          List<Transaction> transactions = new ArrayList<>(rawTransactions.size());
          for (int i = 0; i < rawTransactions.size(); i++) {
            try {
              transactions.add(TransactionDecoder.decodeInBlock(rawTransactions.get(i)));
            } catch (InvalidTransactionException e) {
              throw new InvalidRlpException("block transaction " + i + ": " + e.getMessage(), e);
            }
          }
          try {
            return new Block(header, transactions, lastCommit);
          } catch (IllegalArgumentException e) {
            throw new InvalidRlpException("block: " + e.getMessage(), e);
          }
        });
  }
}
