package io.veritas.testnet.node;

import io.veritas.chain.tx.InvalidTransactionException;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionDecoder;
import io.veritas.chain.txpool.AddResult;
import io.veritas.chain.txpool.TransactionPool;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool's transactions across a clean restart: written on stop (to a temporary file, then renamed,
 * so a crash mid-write leaves the old journal), read back on start. Each entry is a 4-byte length and the
 * EIP-2718 encoding. Transactions that are no longer valid are dropped on reload, with a log line.
 */
public final class TxPoolJournal {
  private static final Logger LOG = LoggerFactory.getLogger(TxPoolJournal.class);
  private final Path file;

  public TxPoolJournal(Path file) {
    this.file = file;
  }

  public void save(List<Transaction> transactions) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
      for (Transaction tx : transactions) {
        byte[] encoded = tx.encoded().toArrayUnsafe();
        out.writeInt(encoded.length);
        out.write(encoded);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("tx pool saved: transactions={} file={}", transactions.size(), file);
  }

  /** Re-adds the journal's transactions to {@code pool}; returns how many were accepted. */
  public int restore(TransactionPool pool) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    int accepted = 0;
    int total = 0;
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException end) {
          break;
        }
        if (length <= 0 || length > 1 << 20) {
          LOG.warn("tx pool journal {} has a bad entry length {}; ignoring the rest", file, length);
          break;
        }
        byte[] encoded = in.readNBytes(length);
        if (encoded.length != length) {
          LOG.warn("tx pool journal {} ends inside an entry; ignoring it", file);
          break;
        }
        total++;
        try {
          AddResult result = pool.add(TransactionDecoder.decode(Bytes.wrap(encoded)));
          if (result.accepted()) {
            accepted++;
          } else {
            LOG.info("journal tx dropped on reload: {}", ((AddResult.Rejected) result).message());
          }
        } catch (InvalidTransactionException e) {
          LOG.warn("journal tx is undecodable, dropped: {}", e.getMessage());
        }
      }
    }
    Files.delete(file);
    LOG.info("tx pool restored: accepted={} of={}", accepted, total);
    return accepted;
  }
}
