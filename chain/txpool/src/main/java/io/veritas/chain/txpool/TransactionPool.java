package io.veritas.chain.txpool;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.tx.InvalidTransactionException;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionValidity;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction pool: signed transactions waiting for a block, per sender in nonce order, bounded by count
 * and bytes. Pure logic over an {@link AccountStateReader} of the head state; thread-safe (one lock; lookups by
 * hash are lock-free). Listeners run on the calling thread after the lock is released.
 *
 * <p>Rules, in the order they are checked:
 *
 * <ol>
 *   <li>stateless: size, replay protection and chain id, gas limit vs the block gas limit, tip ≤ max fee,
 *       intrinsic gas, tip ≥ the pool's minimum;
 *   <li>against the pool and head state: already known, nonce too low, nonce more than {@code maxNonceGap}
 *       past the sender's next expected nonce, replacement bump, per-sender limit, funds (the balance must
 *       cover this transaction's gas limit × max fee + value plus the same for the sender's other pooled
 *       transactions), room (evicting cheaper transactions when full).
 * </ol>
 *
 * <p>Eviction takes, among all senders, the one whose highest-nonce transaction has the lowest effective tip
 * at the current base fee, and removes that highest-nonce transaction; so a sender never loses a lower nonce
 * while keeping a higher one. A transaction is only admitted into a full pool if it pays strictly more than
 * every transaction evicted for it; the new transaction's own sender is never evicted from to make room.
 *
 * <p>Head-state checks are lazy: {@link #onBlockCommitted} re-reads the senders whose transactions the block
 * included; every other sender is re-read the next time the pool touches it (an add, its transaction reaching
 * the top of a block selection, a pending-nonce query). Until then {@link #status}, {@link #content} and
 * {@link #pending} report it as last checked.
 * A re-read drops transactions whose nonce was used and transactions the new balance can no longer pay for
 * (walking in nonce order), which demotes the nonces after such a gap to queued.
 */
public final class TransactionPool {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionPool.class);
  /** No transaction uses less gas than a plain transfer, so a block with less left is full. */
  private static final long MIN_TRANSACTION_GAS = 21_000;
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private final TxPoolConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Bytes32, PooledTransaction> byHash = new ConcurrentHashMap<>();
  private final Map<Address, SenderQueue> senders = new HashMap<>();
  /** Senders ordered by their tail's eviction key, cheapest first. */
  private final TreeSet<SenderQueue> evictionOrder = new TreeSet<>(TransactionPool::compareEvictionKeys);
  private final List<PendingTransactionListener> listeners = new CopyOnWriteArrayList<>();

  private AccountStateReader state;
  private long stateVersion;
  private UInt256 baseFee;
  private long baseFeeSaturated;
  private long arrivals;
  private long totalBytes;
  private int pendingTotal;

  public TransactionPool(TxPoolConfig config, AccountStateReader state, UInt256 baseFee) {
    this.config = Objects.requireNonNull(config, "config");
    this.state = Objects.requireNonNull(state, "state");
    setBaseFee(Objects.requireNonNull(baseFee, "baseFee"));
  }

  public TxPoolConfig config() {
    return config;
  }

  /** The base fee of the next block, as last told by the constructor or {@link #onBlockCommitted}. */
  public UInt256 baseFee() {
    lock.lock();
    try {
      return baseFee;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- admission

  /** Validates {@code tx} and adds it (or replaces the pooled transaction with its sender and nonce). */
  public AddResult add(Transaction tx) {
    Bytes encoded = tx.encoded();
    return add(tx, encoded, Keccak256.hash(encoded));
  }

  /**
   * {@link #add(Transaction)} for a transaction whose EIP-2718 encoding and hash the caller already has, e.g. the
   * raw bytes of {@code eth_sendRawTransaction}, which the strict decoder accepts only in the one canonical form
   * {@code tx.encoded()} produces. Spares re-encoding and re-hashing on the busiest path of the node.
   *
   * @param encoded must equal {@code tx.encoded()}
   * @param hash must equal keccak256 of {@code encoded}
   */
  public AddResult add(Transaction tx, Bytes encoded, Bytes32 hash) {
    List<Transaction> nowPending = new ArrayList<>();
    Prepared prepared = prepare(tx, encoded, hash);
    AddResult result = prepared.rejected;
    if (result == null) {
      lock.lock();
      try {
        result = insert(prepared.ptx, nowPending);
      } finally {
        lock.unlock();
      }
    }
    logResult(tx, result);
    announce(nowPending);
    return result;
  }

  /** Adds each transaction in order under one lock acquisition; results are in the same order. */
  public List<AddResult> addAll(Collection<? extends Transaction> txs) {
    List<Transaction> nowPending = new ArrayList<>();
    List<Transaction> ordered = List.copyOf(txs);
    List<Prepared> prepared = new ArrayList<>(ordered.size());
    for (Transaction tx : ordered) {
      Bytes encoded = tx.encoded();
      prepared.add(prepare(tx, encoded, Keccak256.hash(encoded)));
    }
    List<AddResult> results = new ArrayList<>(ordered.size());
    lock.lock();
    try {
      for (Prepared p : prepared) {
        results.add(p.rejected != null ? p.rejected : insert(p.ptx, nowPending));
      }
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < ordered.size(); i++) {
      logResult(ordered.get(i), results.get(i));
    }
    announce(nowPending);
    return results;
  }

  /** A transaction after the checks that need no pool state: either rejected or ready to insert. */
  private record Prepared(PooledTransaction ptx, AddResult.Rejected rejected) {}

  /** Everything that needs no lock: stateless rules, and size, hash and cost computed once. */
  private Prepared prepare(Transaction tx, Bytes encoded, Bytes32 hash) {
    Optional<AddResult.Rejected> rejected = validateStateless(tx, encoded.size());
    if (rejected.isPresent()) {
      return new Prepared(null, rejected.get());
    }
    return new Prepared(new PooledTransaction(tx, hash, tx.sender(), encoded.size()), null);
  }

  private Optional<AddResult.Rejected> validateStateless(Transaction tx, long size) {
    if (size > config.maxTransactionSize()) {
      return reject(
          RejectReason.OVERSIZED,
          "oversized transaction: " + size + " bytes, the limit is " + config.maxTransactionSize());
    }
    if (tx.chainId().isEmpty()) {
      return reject(
          RejectReason.MISSING_CHAIN_ID, "transaction without replay protection (EIP-155) is not accepted");
    }
    long chainId = tx.chainId().get();
    if (chainId != config.chainId()) {
      return reject(
          RejectReason.INVALID_CHAIN_ID,
          "invalid chain id: transaction has " + chainId + ", this chain is " + config.chainId());
    }
    // Gas limit and nonce are unsigned 64-bit values: 2^63 and above read as negative longs.
    if (Long.compareUnsigned(tx.gasLimit(), config.blockGasLimit()) > 0) {
      return reject(
          RejectReason.GAS_LIMIT_EXCEEDED,
          "exceeds block gas limit: transaction gas limit "
              + Long.toUnsignedString(tx.gasLimit())
              + ", block gas limit "
              + config.blockGasLimit());
    }
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      return reject(
          RejectReason.TIP_ABOVE_FEE_CAP,
          "max priority fee per gas higher than max fee per gas: tip "
              + tx.maxPriorityFeePerGas().toDecimalString()
              + ", max fee "
              + tx.maxFeePerGas().toDecimalString());
    }
    long intrinsic = TransactionValidity.intrinsicGas(tx);
    if (tx.gasLimit() < intrinsic) {
      return reject(
          RejectReason.INTRINSIC_GAS_TOO_LOW,
          "intrinsic gas too low: gas limit " + tx.gasLimit() + ", intrinsic gas " + intrinsic);
    }
    if (tx.maxPriorityFeePerGas().compareTo(config.minPriorityFee()) < 0) {
      return reject(
          RejectReason.UNDERPRICED,
          "transaction underpriced: tip "
              + tx.maxPriorityFeePerGas().toDecimalString()
              + " below the minimum "
              + config.minPriorityFee().toDecimalString());
    }
    try {
      // The remaining consensus rules (EIP-3860 initcode size, gas × price overflow) in chain/core's words.
      TransactionValidity.validate(tx, config.chainId(), config.blockGasLimit());
    } catch (InvalidTransactionException e) {
      return reject(RejectReason.INVALID, "invalid transaction: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** The stateful half of admission; holds the lock. */
  private AddResult insert(PooledTransaction ptx, List<Transaction> nowPending) {
    Transaction tx = ptx.tx;
    Bytes32 hash = ptx.hash;
    Address sender = ptx.sender;
    if (byHash.containsKey(hash)) {
      return rejected(RejectReason.ALREADY_KNOWN, "already known: transaction " + hash.toHexString());
    }
    SenderQueue queue = senders.get(sender);
    if (queue == null) {
      queue = new SenderQueue(sender, state.nonce(sender), state.balance(sender).toBigInteger(), stateVersion);
    } else if (queue.stateVersion != stateVersion) {
      refresh(queue, nowPending);
    }
    long nonce = tx.nonce();
    if (nonce >= 0 && nonce < queue.accountNonce) {
      return rejected(
          RejectReason.NONCE_TOO_LOW,
          "nonce too low: account " + sender + " has nonce " + queue.accountNonce + ", transaction has " + nonce);
    }
    long next = queue.nextNonce();
    if (nonce < 0 || nonce - next > config.maxNonceGap()) {
      return rejected(
          RejectReason.NONCE_TOO_HIGH,
          "nonce too far in the future: account "
              + sender
              + " has next nonce "
              + next
              + ", transaction has "
              + Long.toUnsignedString(nonce)
              + "; the pool queues nonces up to "
              + (next + config.maxNonceGap()));
    }
    PooledTransaction existing = queue.byNonce.get(nonce);
    if (existing != null) {
      Optional<AddResult.Rejected> underpriced = checkReplacement(existing.tx, tx);
      if (underpriced.isPresent()) {
        return underpriced.get();
      }
    } else if (queue.byNonce.size() >= config.maxPerSender()) {
      return rejected(
          RejectReason.SENDER_LIMIT,
          "sender limit reached: account "
              + sender
              + " already has "
              + queue.byNonce.size()
              + " transactions in the pool, the limit is "
              + config.maxPerSender());
    }
    BigInteger committed = existing == null ? queue.totalCost : queue.totalCost.subtract(existing.cost);
    if (committed.add(ptx.cost).compareTo(queue.balance) > 0) {
      return rejected(RejectReason.INSUFFICIENT_FUNDS, insufficientFundsMessage(queue, existing, committed, ptx));
    }
    long countAfter = (long) byHash.size() + (existing == null ? 1 : 0);
    long bytesAfter = totalBytes + ptx.size - (existing == null ? 0 : existing.size);
    List<PooledTransaction> evictions = List.of();
    if (countAfter > config.maxTransactions() || bytesAfter > config.maxBytes()) {
      long tip = ptx.effectiveTip(baseFeeSaturated);
      evictions =
          planEvictions(
              queue,
              Math.max(0, countAfter - config.maxTransactions()),
              Math.max(0, bytesAfter - config.maxBytes()),
              tip);
      if (evictions == null) {
        return rejected(
            RejectReason.POOL_FULL,
            "transaction pool is full ("
                + byHash.size()
                + " transactions, "
                + totalBytes
                + " bytes): effective tip "
                + tip
                + " at base fee "
                + baseFee.toDecimalString()
                + " is not above that of the cheapest evictable transactions");
      }
    }
    ptx.arrival = arrivals++;
    for (PooledTransaction evicted : evictions) {
      SenderQueue owner = senders.get(evicted.sender);
      detachEviction(owner);
      removeFromQueue(owner, evicted);
      LOG.debug(
          "txpool evicted tx={} sender={} nonce={} to admit tx={}", evicted.hash, evicted.sender, evicted.nonce, hash);
      forgetIfEmpty(owner);
    }
    return place(queue, existing, ptx, nowPending);
  }

  private Optional<AddResult.Rejected> checkReplacement(Transaction old, Transaction replacement) {
    UInt256 feeNeeded = bumped(old.maxFeePerGas());
    UInt256 tipNeeded = bumped(old.maxPriorityFeePerGas());
    if (replacement.maxFeePerGas().compareTo(feeNeeded) < 0
        || replacement.maxPriorityFeePerGas().compareTo(tipNeeded) < 0) {
      return reject(
          RejectReason.REPLACEMENT_UNDERPRICED,
          "replacement transaction underpriced: replacing nonce "
              + old.nonce()
              + " needs max fee at least "
              + feeNeeded.toDecimalString()
              + " and tip at least "
              + tipNeeded.toDecimalString()
              + " (+"
              + config.priceBumpPercent()
              + "%), transaction has max fee "
              + replacement.maxFeePerGas().toDecimalString()
              + " and tip "
              + replacement.maxPriorityFeePerGas().toDecimalString());
    }
    return Optional.empty();
  }

  /** old × (100 + bump) / 100, rounded up so that a bump of 10% on 1 wei still needs 2 wei. */
  private UInt256 bumped(UInt256 old) {
    BigInteger[] qr =
        old.toBigInteger().multiply(BigInteger.valueOf(100L + config.priceBumpPercent())).divideAndRemainder(HUNDRED);
    BigInteger needed = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return needed.bitLength() > 256 ? UInt256.MAX_VALUE : UInt256.valueOf(needed);
  }

  private static String insufficientFundsMessage(
      SenderQueue queue, PooledTransaction existing, BigInteger committed, PooledTransaction ptx) {
    String message =
        "insufficient funds for gas * price + value: balance " + queue.balance + ", cost " + ptx.cost;
    int others = queue.byNonce.size() - (existing == null ? 0 : 1);
    if (others > 0) {
      message += ", plus " + committed + " for the sender's " + others + " other pooled transactions";
    }
    return message;
  }

  /** Puts an admitted transaction in its sender's queue and the indexes; holds the lock. */
  private AddResult place(
      SenderQueue queue, PooledTransaction existing, PooledTransaction ptx, List<Transaction> nowPending) {
    senders.put(queue.sender, queue);
    detachEviction(queue);
    if (existing != null) {
      byHash.remove(existing.hash);
      totalBytes -= existing.size;
      queue.totalCost = queue.totalCost.subtract(existing.cost);
    }
    queue.byNonce.put(ptx.nonce, ptx);
    byHash.put(ptx.hash, ptx);
    totalBytes += ptx.size;
    queue.totalCost = queue.totalCost.add(ptx.cost);
    boolean pending;
    if (existing != null && queue.isPending(ptx)) {
      pending = true;
      ptx.announced = true;
      nowPending.add(ptx.tx);
    } else {
      extendPendingRun(queue, nowPending);
      pending = queue.isPending(ptx);
    }
    attachEviction(queue);
    return existing == null
        ? new AddResult.Added(ptx.hash, pending)
        : new AddResult.Replaced(ptx.hash, existing.hash, pending);
  }

  /** Promotes queued transactions whose gap has filled; holds the lock. */
  private void extendPendingRun(SenderQueue queue, List<Transaction> nowPending) {
    PooledTransaction next;
    while ((next = queue.byNonce.get(queue.nextNonce())) != null) {
      queue.pendingCount++;
      pendingTotal++;
      if (!next.announced) {
        next.announced = true;
        nowPending.add(next.tx);
      }
    }
  }

  // ---------------------------------------------------------------- eviction

  private void setEvictionKey(SenderQueue queue) {
    queue.evictTail = queue.tail();
    queue.evictTip = queue.evictTail.effectiveTip(baseFeeSaturated);
  }

  private void attachEviction(SenderQueue queue) {
    if (!queue.byNonce.isEmpty()) {
      setEvictionKey(queue);
      evictionOrder.add(queue);
    }
  }

  private void detachEviction(SenderQueue queue) {
    if (queue.evictTail != null) {
      evictionOrder.remove(queue);
      queue.evictTail = null;
    }
  }

  /** Cheapest first; among equals the latest arrival goes first, so older transactions are kept. */
  private static int compareEvictionKeys(SenderQueue a, SenderQueue b) {
    int byTip = Long.compare(a.evictTip, b.evictTip);
    return byTip != 0 ? byTip : compareSameTip(a.evictTail, b.evictTail);
  }

  private static int compareSameTip(PooledTransaction a, PooledTransaction b) {
    int byArrival = Long.compare(b.arrival, a.arrival);
    return byArrival != 0 ? byArrival : a.hash.compareTo(b.hash);
  }

  private record EvictionCandidate(SenderQueue queue, PooledTransaction ptx, long tip) {}

  private static final Comparator<EvictionCandidate> CHEAPEST_FIRST =
      (a, b) -> {
        int byTip = Long.compare(a.tip, b.tip);
        return byTip != 0 ? byTip : compareSameTip(a.ptx, b.ptx);
      };

  /**
   * The transactions to evict, cheapest first and each sender's from its highest nonce down, to free {@code
   * count} slots and {@code bytes} bytes; null when that would evict a transaction paying at least {@code
   * newTip}, or there is not enough to evict. Senders are merged from the eviction order lazily, so the cost is
   * proportional to the evictions, not to the pool.
   */
  private List<PooledTransaction> planEvictions(SenderQueue exclude, long count, long bytes, long newTip) {
    List<PooledTransaction> plan = new ArrayList<>();
    PriorityQueue<EvictionCandidate> opened = new PriorityQueue<>(CHEAPEST_FIRST);
    Iterator<SenderQueue> order = evictionOrder.iterator();
    SenderQueue unopened = nextExcept(order, exclude);
    long freedCount = 0;
    long freedBytes = 0;
    while (freedCount < count || freedBytes < bytes) {
      EvictionCandidate best = opened.peek();
      if (unopened != null) {
        EvictionCandidate tail = new EvictionCandidate(unopened, unopened.evictTail, unopened.evictTip);
        if (best == null || CHEAPEST_FIRST.compare(tail, best) < 0) {
          opened.add(tail);
          unopened = nextExcept(order, exclude);
        }
      }
      best = opened.poll();
      if (best == null || best.tip >= newTip) {
        return null;
      }
      plan.add(best.ptx);
      freedCount++;
      freedBytes += best.ptx.size;
      var lower = best.queue.byNonce.lowerEntry(best.ptx.nonce);
      if (lower != null) {
        PooledTransaction below = lower.getValue();
        opened.add(new EvictionCandidate(best.queue, below, below.effectiveTip(baseFeeSaturated)));
      }
    }
    return plan;
  }

  private static SenderQueue nextExcept(Iterator<SenderQueue> order, SenderQueue exclude) {
    while (order.hasNext()) {
      SenderQueue next = order.next();
      if (next != exclude) {
        return next;
      }
    }
    return null;
  }

  /** Removes a transaction that is the tail or below the account nonce; holds the lock, eviction detached. */
  private void removeFromQueue(SenderQueue queue, PooledTransaction ptx) {
    if (queue.isPending(ptx)) {
      // Only the tail of the run or a nonce below the account nonce is ever removed here, so the run stays
      // contiguous; refresh recomputes the run for the other case.
      queue.pendingCount--;
      pendingTotal--;
    }
    queue.byNonce.remove(ptx.nonce);
    byHash.remove(ptx.hash);
    totalBytes -= ptx.size;
    queue.totalCost = queue.totalCost.subtract(ptx.cost);
  }

  private void forgetIfEmpty(SenderQueue queue) {
    if (queue.byNonce.isEmpty()) {
      senders.remove(queue.sender);
    } else {
      attachEviction(queue);
    }
  }

  // ---------------------------------------------------------------- head state

  /**
   * Re-reads a sender's nonce and balance from the head state; drops used nonces and what the balance can no
   * longer pay for (walking in nonce order, so a dropped nonce demotes the later ones to queued); promotes
   * what a higher account nonce made contiguous. Holds the lock.
   */
  private void refresh(SenderQueue queue, List<Transaction> nowPending) {
    detachEviction(queue);
    queue.accountNonce = state.nonce(queue.sender);
    queue.balance = state.balance(queue.sender).toBigInteger();
    queue.stateVersion = stateVersion;
    pendingTotal -= queue.pendingCount;
    queue.pendingCount = 0;
    int stale = 0;
    int unaffordable = 0;
    BigInteger running = BigInteger.ZERO;
    Iterator<PooledTransaction> it = queue.byNonce.values().iterator();
    while (it.hasNext()) {
      PooledTransaction ptx = it.next();
      boolean used = ptx.nonce < queue.accountNonce;
      if (used || running.add(ptx.cost).compareTo(queue.balance) > 0) {
        it.remove();
        byHash.remove(ptx.hash);
        totalBytes -= ptx.size;
        if (used) {
          stale++;
        } else {
          unaffordable++;
        }
      } else {
        running = running.add(ptx.cost);
      }
    }
    queue.totalCost = running;
    extendPendingRun(queue, nowPending);
    if (unaffordable > 0) {
      LOG.debug(
          "txpool dropped {} unaffordable txs of sender={} balance={}", unaffordable, queue.sender, queue.balance);
    }
    if (stale > 0) {
      LOG.trace("txpool dropped {} used-nonce txs of sender={} nonce={}", stale, queue.sender, queue.accountNonce);
    }
    forgetIfEmpty(queue);
  }

  private void setBaseFee(UInt256 fee) {
    this.baseFee = fee;
    this.baseFeeSaturated = PooledTransaction.saturated(fee);
  }

  /**
   * A block was committed: from now on the pool checks against {@code newState} and orders by {@code
   * newBaseFee}. Drops the included transactions and every other transaction of their senders whose nonce is
   * now used, re-checks those senders' balances, and promotes what became contiguous. Other senders are
   * re-checked lazily (their nonce can only change through a transaction in {@code included}).
   */
  public void onBlockCommitted(
      List<? extends Transaction> included, AccountStateReader newState, UInt256 newBaseFee) {
    Objects.requireNonNull(newState, "newState");
    Objects.requireNonNull(newBaseFee, "newBaseFee");
    Set<Address> touched = new LinkedHashSet<>();
    for (Transaction tx : included) {
      touched.add(tx.sender());
    }
    List<Transaction> nowPending = new ArrayList<>();
    lock.lock();
    try {
      int before = byHash.size();
      state = newState;
      stateVersion++;
      boolean feeChanged = !newBaseFee.equals(baseFee);
      setBaseFee(newBaseFee);
      if (feeChanged) {
        // Eviction keys are effective tips at the base fee; re-key every sender.
        evictionOrder.clear();
        for (SenderQueue queue : senders.values()) {
          setEvictionKey(queue);
          evictionOrder.add(queue);
        }
      }
      for (Address sender : touched) {
        SenderQueue queue = senders.get(sender);
        if (queue != null) {
          refresh(queue, nowPending);
        }
      }
      LOG.debug(
          "txpool block committed: included={} removed={} pending={} queued={} baseFee={}",
          included.size(),
          before - byHash.size(),
          pendingTotal,
          byHash.size() - pendingTotal,
          newBaseFee.toDecimalString());
    } finally {
      lock.unlock();
    }
    announce(nowPending);
  }

  // ---------------------------------------------------------------- block building

  private record SelectionCursor(SenderQueue queue, PooledTransaction ptx, long tip) {}

  /**
   * The transactions for the next block: highest effective tip at {@code baseFee} first, each sender's in
   * nonce order, skipping any whose max fee is below {@code baseFee} (and so its sender's later nonces), at
   * most {@code gasLimit} total gas limit and {@code maxCount} transactions. A sender whose next transaction
   * does not fit in the remaining gas contributes nothing more. Ties go to the earlier arrival, then the
   * smaller hash. The pool is not changed, except that a sender whose head state is stale is re-read (and
   * cleaned up) when its transaction reaches the top.
   */
  public List<Transaction> selectForBlock(UInt256 baseFee, long gasLimit, int maxCount) {
    Objects.requireNonNull(baseFee, "baseFee");
    long fee = PooledTransaction.saturated(baseFee);
    List<Transaction> selected = new ArrayList<>();
    List<Transaction> nowPending = new ArrayList<>();
    lock.lock();
    try {
      PriorityQueue<SelectionCursor> heap =
          new PriorityQueue<>(
              Math.max(1, senders.size()),
              (a, b) -> {
                int byTip = Long.compare(b.tip, a.tip);
                if (byTip != 0) {
                  return byTip;
                }
                int byArrival = Long.compare(a.ptx.arrival, b.ptx.arrival);
                return byArrival != 0 ? byArrival : a.ptx.hash.compareTo(b.ptx.hash);
              });
      for (SenderQueue queue : senders.values()) {
        if (queue.pendingCount > 0) {
          offer(heap, queue, queue.byNonce.get(queue.accountNonce), fee);
        }
      }
      long gasLeft = gasLimit;
      while (selected.size() < maxCount && gasLeft >= MIN_TRANSACTION_GAS && !heap.isEmpty()) {
        SelectionCursor best = heap.poll();
        if (best.queue.stateVersion != stateVersion) {
          // Lazy re-check of a sender the last block did not touch: only senders that reach the top of the
          // heap are read, so a block costs state reads in proportion to what it includes.
          refresh(best.queue, nowPending);
          if (best.queue.pendingCount > 0) {
            offer(heap, best.queue, best.queue.byNonce.get(best.queue.accountNonce), fee);
          }
          continue;
        }
        if (best.ptx.gasLimit > gasLeft) {
          continue;
        }
        selected.add(best.ptx.tx);
        gasLeft -= best.ptx.gasLimit;
        long nextNonce = best.ptx.nonce + 1;
        if (nextNonce < best.queue.nextNonce()) {
          offer(heap, best.queue, best.queue.byNonce.get(nextNonce), fee);
        }
      }
    } finally {
      lock.unlock();
    }
    announce(nowPending);
    return selected;
  }

  private static void offer(PriorityQueue<SelectionCursor> heap, SenderQueue queue, PooledTransaction ptx, long fee) {
    if (ptx.maxFee >= fee) {
      heap.add(new SelectionCursor(queue, ptx, ptx.effectiveTip(fee)));
    }
  }

  // ---------------------------------------------------------------- queries

  public Optional<Transaction> get(Bytes32 hash) {
    PooledTransaction ptx = byHash.get(hash);
    return ptx == null ? Optional.empty() : Optional.of(ptx.tx);
  }

  public boolean contains(Bytes32 hash) {
    return byHash.containsKey(hash);
  }

  /**
   * The nonce the account's next transaction should carry: its head-state nonce plus its contiguous pending
   * transactions ({@code eth_getTransactionCount(account, "pending")}).
   */
  public long pendingNonce(Address account) {
    List<Transaction> nowPending = new ArrayList<>();
    long nonce;
    lock.lock();
    try {
      SenderQueue queue = senders.get(account);
      if (queue == null) {
        nonce = state.nonce(account);
      } else {
        if (queue.stateVersion != stateVersion) {
          refresh(queue, nowPending);
        }
        nonce = queue.nextNonce();
      }
    } finally {
      lock.unlock();
    }
    announce(nowPending);
    return nonce;
  }

  public int size() {
    lock.lock();
    try {
      return byHash.size();
    } finally {
      lock.unlock();
    }
  }

  /** Total encoded size of the pooled transactions. */
  public long bytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Every pending transaction, grouped by sender (in address order), each sender's in nonce order. */
  public List<Transaction> pending() {
    return content().pending().values().stream().flatMap(List::stream).toList();
  }

  public TxPoolStatus status() {
    lock.lock();
    try {
      return new TxPoolStatus(pendingTotal, byHash.size() - pendingTotal, totalBytes);
    } finally {
      lock.unlock();
    }
  }

  /** Pending and queued transactions by sender ({@code txpool_content}). */
  public TxPoolContent content() {
    Map<Address, List<Transaction>> pending = new LinkedHashMap<>();
    Map<Address, List<Transaction>> queued = new LinkedHashMap<>();
    lock.lock();
    try {
      for (SenderQueue queue : senders.values()) {
        for (PooledTransaction ptx : queue.byNonce.values()) {
          (queue.isPending(ptx) ? pending : queued)
              .computeIfAbsent(queue.sender, k -> new ArrayList<>())
              .add(ptx.tx);
        }
      }
    } finally {
      lock.unlock();
    }
    return new TxPoolContent(pending, queued);
  }

  // ---------------------------------------------------------------- listeners

  public void addListener(PendingTransactionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(PendingTransactionListener listener) {
    listeners.remove(listener);
  }

  private void announce(List<Transaction> nowPending) {
    if (nowPending.isEmpty() || listeners.isEmpty()) {
      return;
    }
    for (Transaction tx : nowPending) {
      for (PendingTransactionListener listener : listeners) {
        try {
          listener.onPending(tx);
        } catch (RuntimeException e) {
          // One faulty subscriber must not stop the others or fail the sender's submission.
          LOG.error("txpool pending listener {} failed on tx={}", listener, tx.hash(), e);
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Optional<AddResult.Rejected> reject(RejectReason reason, String message) {
    return Optional.of(new AddResult.Rejected(reason, message));
  }

  private static AddResult rejected(RejectReason reason, String message) {
    return new AddResult.Rejected(reason, message);
  }

  private static void logResult(Transaction tx, AddResult result) {
    if (LOG.isDebugEnabled()) {
      switch (result) {
        case AddResult.Added a -> LOG.debug("txpool added tx={} pending={}", a.hash(), a.pending());
        case AddResult.Replaced r ->
            LOG.debug("txpool replaced tx={} by tx={} pending={}", r.replacedHash(), r.hash(), r.pending());
        case AddResult.Rejected r ->
            LOG.debug("txpool rejected nonce={} reason={} message=\"{}\"", tx.nonce(), r.reason(), r.message());
      }
    }
  }
}
