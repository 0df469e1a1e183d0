package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.Transaction;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Micro-benchmark, not a test: pre-signs 100,000 transfers from 1,000 senders (100 nonces each, tips 1–5
 * gwei), adds them to a pool one by one (and, in a second pass, in RPC-sized batches of 100), then builds
 * blocks of 5,000 with {@link TransactionPool#selectForBlock} and commits each with {@link
 * TransactionPool#onBlockCommitted} until the pool is empty; prints the rates of each of several rounds (the
 * first ones warm the JIT up). Last, offers all of them to a pool of the default 50,000 capacity.
 *
 * <p>Run: {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -pl
 * chain/txpool}, then {@code java -cp chain/txpool/target/test-classes:chain/txpool/target/classes:$(cat
 * chain/txpool/target/cp.txt) io.veritas.chain.txpool.TransactionPoolBenchmark}.
 */
public final class TransactionPoolBenchmark {
  private static final int SENDERS = 1_000;
  private static final int NONCES = 100;
  private static final int BLOCK_SIZE = 5_000;
  private static final long BLOCK_GAS = BLOCK_SIZE * 21_000L;
  private static final int ROUNDS = 5;
  private static final UInt256 BASE_FEE = UInt256.valueOf(GWEI);
  private static final UInt256 BALANCE = UInt256.valueOf(1_000_000_000_000_000_000L);

  private TransactionPoolBenchmark() {}

  public static void main(String[] args) {
    long signStart = System.nanoTime();
    List<KeyPair> keys = IntStream.range(0, SENDERS).parallel().mapToObj(TestTransactions::key).toList();
    // Nonce-major order, as transactions from many wallets arrive interleaved.
    List<Transaction> transfers =
        IntStream.range(0, SENDERS * NONCES)
            .parallel()
            .mapToObj(
                i -> {
                  int sender = i % SENDERS;
                  long nonce = i / SENDERS;
                  long tip = GWEI * (1 + (i * 7L) % 5);
                  return (Transaction) tx(nonce).tip(tip).maxFee(10 * GWEI).signedBy(keys.get(sender));
                })
            .toList();
    System.out.printf(
        Locale.ROOT, "signed %d transfers in %.1f s%n", transfers.size(), seconds(System.nanoTime() - signStart));

    TxPoolConfig config =
        TxPoolConfig.builder(TestTransactions.CHAIN_ID).maxTransactions(SENDERS * NONCES).blockGasLimit(BLOCK_GAS).build();
    for (int round = 1; round <= ROUNDS; round++) {
      boolean batched = round % 2 == 0;
      InMemoryAccounts accounts = new InMemoryAccounts();
      keys.forEach(k -> accounts.set(k.address(), 0, BALANCE));
      TransactionPool pool = new TransactionPool(config, accounts, BASE_FEE);

      // The share of admission that is chain/core's encoding and hashing, for comparison.
      long hashStart = System.nanoTime();
      long sink = 0;
      for (Transaction tx : transfers) {
        sink += io.veritas.chain.crypto.Keccak256.hash(tx.encoded()).get(0);
      }
      double hashSeconds = seconds(System.nanoTime() - hashStart);

      long addStart = System.nanoTime();
      int accepted = 0;
      if (batched) {
        for (int i = 0; i < transfers.size(); i += 100) {
          for (AddResult r : pool.addAll(transfers.subList(i, i + 100))) {
            accepted += r.accepted() ? 1 : 0;
          }
        }
      } else {
        for (Transaction tx : transfers) {
          accepted += pool.add(tx).accepted() ? 1 : 0;
        }
      }
      double addSeconds = seconds(System.nanoTime() - addStart);
      if (accepted != transfers.size()) {
        throw new IllegalStateException("only " + accepted + " of " + transfers.size() + " transfers accepted");
      }

      Map<KeyPair, Long> nonces = new HashMap<>();
      long selectNanos = 0;
      long commitNanos = 0;
      int blocks = 0;
      int included = 0;
      while (pool.size() > 0) {
        long t0 = System.nanoTime();
        List<Transaction> block = pool.selectForBlock(BASE_FEE, BLOCK_GAS, BLOCK_SIZE);
        long t1 = System.nanoTime();
        if (block.isEmpty()) {
          throw new IllegalStateException("pool holds " + pool.size() + " transactions but selected none");
        }
        InMemoryAccounts next = new InMemoryAccounts();
        Map<io.veritas.chain.types.Address, Long> used = new HashMap<>();
        for (Transaction tx : block) {
          used.merge(tx.sender(), 1L, Long::sum);
        }
        for (KeyPair k : keys) {
          long nonce = nonces.getOrDefault(k, 0L) + used.getOrDefault(k.address(), 0L);
          nonces.put(k, nonce);
          next.set(k.address(), nonce, BALANCE);
        }
        long t2 = System.nanoTime();
        pool.onBlockCommitted(block, next, BASE_FEE);
        long t3 = System.nanoTime();
        selectNanos += t1 - t0;
        commitNanos += t3 - t2;
        blocks++;
        included += block.size();
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: encode+hash alone %,.0f tx/s (%d); add%s %,.0f tx/s (%.3f s); %d blocks of up to %d: select %,.0f tx/s, select+commit %,.0f tx/s"
              + " (select %.1f ms, commit %.1f ms per block)%n",
          round,
          transfers.size() / hashSeconds,
          sink & 1,
          batched ? "All(100)" : "",
          transfers.size() / addSeconds,
          addSeconds,
          blocks,
          BLOCK_SIZE,
          included / seconds(selectNanos),
          included / seconds(selectNanos + commitNanos),
          selectNanos / 1e6 / blocks,
          commitNanos / 1e6 / blocks);
    }
    fullPoolRound(keys, transfers);
  }

  /** Offers all transfers to a pool of the default 50,000 capacity: half must evict or be turned away. */
  private static void fullPoolRound(List<KeyPair> keys, List<Transaction> transfers) {
    InMemoryAccounts accounts = new InMemoryAccounts();
    keys.forEach(k -> accounts.set(k.address(), 0, BALANCE));
    TransactionPool pool =
        new TransactionPool(
            TxPoolConfig.builder(TestTransactions.CHAIN_ID).blockGasLimit(BLOCK_GAS).build(), accounts, BASE_FEE);
    long start = System.nanoTime();
    int accepted = 0;
    for (Transaction tx : transfers) {
      accepted += pool.add(tx).accepted() ? 1 : 0;
    }
    double elapsed = seconds(System.nanoTime() - start);
    System.out.printf(
        Locale.ROOT,
        "full pool (capacity %d): add %,.0f tx/s, %d accepted, %d evicted, %d pooled%n",
        pool.config().maxTransactions(),
        transfers.size() / elapsed,
        accepted,
        accepted - pool.size(),
        pool.size());
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

}
