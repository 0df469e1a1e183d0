package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransactionPoolConcurrencyTest {
  private static final int THREADS = 4;
  private static final int SENDERS_PER_THREAD = 5;
  private static final int NONCES = 40;

  @Test
  void concurrentAddersLoseNoTransactionAndKeepTheCountsConsistent() throws Exception {
    InMemoryAccounts accounts = new InMemoryAccounts();
    List<List<Transaction>> perThread = new ArrayList<>();
    long totalBytes = 0;
    for (int t = 0; t < THREADS; t++) {
      List<Transaction> txs = new ArrayList<>();
      for (int s = 0; s < SENDERS_PER_THREAD; s++) {
        KeyPair sender = key(t * SENDERS_PER_THREAD + s);
        accounts.set(sender.address(), 0, UInt256.valueOf(1_000_000_000_000_000_000L));
        // Nonces in reverse so that every sender goes through queued-then-promoted.
        for (int n = NONCES - 1; n >= 0; n--) {
          Transaction tx = tx(n).signedBy(sender);
          txs.add(tx);
          totalBytes += tx.size();
        }
      }
      perThread.add(txs);
    }
    TransactionPool pool = new TransactionPool(TxPoolConfig.builder(7357).build(), accounts, UInt256.valueOf(GWEI));
    Set<Bytes32> announced = ConcurrentHashMap.newKeySet();
    AtomicInteger announcements = new AtomicInteger();
    pool.addListener(
        tx -> {
          announced.add(tx.hash());
          announcements.incrementAndGet();
        });

    ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> adders = new ArrayList<>();
    for (List<Transaction> txs : perThread) {
      adders.add(
          executor.submit(
              () -> {
                start.await();
                int accepted = 0;
                for (Transaction tx : txs) {
                  // Every thread also re-offers a transaction another thread owns: it must be one add, not two.
                  accepted += pool.add(tx).accepted() ? 1 : 0;
                  pool.add(perThread.get(0).get(txs.indexOf(tx) % perThread.get(0).size()));
                }
                return accepted;
              }));
    }
    Future<Integer> selector =
        executor.submit(
            () -> {
              start.await();
              int rounds = 0;
              while (!adders.stream().allMatch(Future::isDone)) {
                pool.selectForBlock(UInt256.valueOf(GWEI), 30_000_000, 5_000);
                pool.status();
                rounds++;
              }
              return rounds;
            });
    start.countDown();
    int accepted = 0;
    for (int t = 1; t < THREADS; t++) {
      accepted += adders.get(t).get(60, TimeUnit.SECONDS);
    }
    adders.get(0).get(60, TimeUnit.SECONDS);
    selector.get(60, TimeUnit.SECONDS);
    executor.shutdown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));

    int total = THREADS * SENDERS_PER_THREAD * NONCES;
    assertEquals((THREADS - 1) * SENDERS_PER_THREAD * NONCES, accepted);
    assertEquals(total, pool.size());
    assertEquals(new TxPoolStatus(total, 0, totalBytes), pool.status());
    for (List<Transaction> txs : perThread) {
      for (Transaction tx : txs) {
        assertTrue(pool.contains(tx.hash()));
      }
    }
    assertEquals(total, announced.size());
    assertEquals(total, announcements.get());
    assertEquals(total, pool.selectForBlock(UInt256.valueOf(GWEI), 30_000_000, 10_000).size());
  }
}
