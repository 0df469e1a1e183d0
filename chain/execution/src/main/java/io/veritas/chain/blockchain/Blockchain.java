package io.veritas.chain.blockchain;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.execution.BaseFee;
import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.execution.BlockExecution;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.execution.TransactionOutcome;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.WriteBatch;
import io.veritas.chain.trie.OrderedListTrie;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain of committed blocks: builds and imports blocks on top of the head, checks every rule a block
 * header commits to, and commits each block — state, block, receipts, indexes, new head — in one atomic
 * write. Finality is instant (BFT), so there are no forks and no reorgs: the head only moves forward.
 * Reads are safe from any thread; building, importing and committing are serialised.
 */
public final class Blockchain {
  private static final Logger LOG = LoggerFactory.getLogger(Blockchain.class);
  /** How much of the chain's tip is kept decoded in memory; see {@link RecentBlocks}. */
  private static final int RECENT_BLOCKS = 64;
  private static final long RECENT_TRANSACTIONS = 50_000;
  private static final long REUSED_STATE_MAX_TOUCHES = 100_000;

  private final BlockchainStore store;
  private final ChainParameters params;
  private final BlockExecutor executor;
  private final List<Consumer<CommittedBlock>> listeners = new CopyOnWriteArrayList<>();
  private final RecentBlocks recent = new RecentBlocks(RECENT_BLOCKS, RECENT_TRANSACTIONS);
  /**
   * The post-state of the head block as this node executed it, handed to the next {@link #propose} or {@link
   * #validate}: it already
   * holds the accounts and trie nodes the recent blocks touched, which a state reopened at the root would read
   * and decode from storage again (thousands of accounts per full block). Taken, never shared: a proposal owns
   * its state, and an abandoned proposal's state is simply dropped. Guarded by this.
   */
  private WorldState reusableHeadState;
  /** The state object whose touches are counted, and how many accounts (at most) it has touched. */
  private WorldState countedState;
  private long reusableStateTouches;
  private volatile BlockHeader head;

  private Blockchain(BlockchainStore store, ChainParameters params, BlockExecutor executor, BlockHeader head) {
    this.store = store;
    this.params = params;
    this.executor = executor;
    this.head = head;
  }

  /**
   * Opens the chain in {@code kv}, writing the genesis block first when the store is empty. A store that
   * holds a chain with a different genesis is refused rather than mixed.
   */
  public static Blockchain open(
      KeyValueStore kv, ChainParameters params, BlockExecutor executor, GenesisDefinition genesis) {
    BlockchainStore store = new BlockchainStore(kv);
    WorldState genesisState = WorldState.empty(kv);
    genesis.allocation().accept(genesisState);
    BlockHeader genesisHeader =
        new BlockHeader(
            Bytes32.ZERO,
            0,
            genesis.timestamp(),
            Address.ZERO,
            genesisState.rootHash(),
            OrderedListTrie.root(List.of()),
            OrderedListTrie.root(List.of()),
            LogsBloom.EMPTY,
            params.blockGasLimit(),
            0,
            params.initialBaseFee(),
            genesis.beacon(),
            Bytes.EMPTY,
            genesis.validatorsHash(),
            CommitCertificate.EMPTY.hash());
    Block genesisBlock = new Block(genesisHeader, List.of(), CommitCertificate.EMPTY);
    Optional<Bytes32> storedGenesis = store.hashAt(0);
    if (storedGenesis.isPresent()) {
      if (!storedGenesis.get().equals(genesisBlock.hash())) {
        throw new IllegalStateException(
            "the data directory holds a chain whose genesis is " + storedGenesis.get() + ", but the genesis given is "
                + genesisBlock.hash() + "; use another data directory (or wipe it) to start this chain");
      }
      Bytes32 headHash = store.headHash().orElseThrow(() -> new IllegalStateException("chain store has a genesis but no head"));
      BlockHeader head = store.header(headHash).orElseThrow(
          () -> new IllegalStateException("chain store is corrupt: head block " + headHash + " is missing"));
      LOG.info("chain opened: head={} hash={}", head.number(), headHash);
      return new Blockchain(store, params, executor, head);
    }
    try (WriteBatch batch = kv.newBatch()) {
      genesisState.commit(batch);
      store.putBlock(batch, genesisBlock, List.of(), List.of(), List.of());
      batch.commit(true);
    }
    LOG.info("genesis written: hash={} stateRoot={}", genesisBlock.hash(), genesisHeader.stateRoot());
    return new Blockchain(store, params, executor, genesisHeader);
  }

  public ChainParameters parameters() {
    return params;
  }

  public BlockchainStore store() {
    return store;
  }

  public BlockExecutor executor() {
    return executor;
  }

  public BlockHeader head() {
    return head;
  }

  /** The base fee the next block must carry (EIP-1559). */
  public UInt256 nextBaseFee() {
    BlockHeader parent = head;
    return BaseFee.next(parent.baseFeePerGas(), parent.gasUsed(), parent.gasLimit(), params.minBaseFee());
  }

  public Optional<BlockHeader> header(long number) {
    return store.hashAt(number).flatMap(store::header);
  }

  public Optional<BlockHeader> header(Bytes32 hash) {
    return store.header(hash);
  }

  public Optional<Block> block(long number) {
    return store.hashAt(number).flatMap(this::block);
  }

  public Optional<Block> block(Bytes32 hash) {
    Optional<Block> cached = recent.block(hash);
    return cached.isPresent() ? cached : store.block(hash);
  }

  public Optional<List<Receipt>> receipts(Bytes32 blockHash) {
    Optional<List<Receipt>> cached = recent.receipts(blockHash);
    return cached.isPresent() ? cached : store.receipts(blockHash);
  }

  public Optional<TransactionLocation> transactionLocation(Bytes32 txHash) {
    return store.transactionLocation(txHash);
  }

  public Optional<CommitCertificate> commitCertificate(long number) {
    return store.commitCertificate(number);
  }

  public Optional<String> revertReason(Bytes32 txHash) {
    return store.revertReason(txHash);
  }

  /** A private, writable copy of the state after block {@code header}: changes to it are never stored. */
  public WorldState stateAt(BlockHeader header) {
    return WorldState.open(store.keyValueStore(), header.stateRoot());
  }

  public WorldState headState() {
    return stateAt(head);
  }

  public void addNewHeadListener(Consumer<CommittedBlock> listener) {
    listeners.add(listener);
  }

  /** Builds the next block from {@code candidates} (in the order given), skipping what cannot be included. */
  public ProposedBlock propose(
      Iterable<Transaction> candidates,
      long timestamp,
      Address proposer,
      Bytes32 beacon,
      Bytes vrfProof,
      Bytes32 validatorsHash,
      CommitCertificate lastCommit,
      BlockExecutor.SkipListener onSkipped) {
    return propose(List.of(), candidates, timestamp, proposer, beacon, vrfProof, validatorsHash, lastCommit, onSkipped);
  }

  /**
   * Builds the next block: the protocol transactions the modules ask for, then the {@code evidence} calls that
   * execute successfully, then {@code candidates} (in the order given), skipping what cannot be included.
   */
  public synchronized ProposedBlock propose(
      List<ProtocolCall> evidence,
      Iterable<Transaction> candidates,
      long timestamp,
      Address proposer,
      Bytes32 beacon,
      Bytes vrfProof,
      Bytes32 validatorsHash,
      CommitCertificate lastCommit,
      BlockExecutor.SkipListener onSkipped) {
    BlockHeader parent = head;
    long time = Math.max(timestamp, parent.timestamp());
    UInt256 baseFee = nextBaseFee();
    BlockContext context = new BlockContext(parent.number() + 1, time, proposer, baseFee, params.blockGasLimit(), beacon);
    WorldState state = takeReusableHeadState().orElseGet(() -> stateAt(parent));
    BlockExecution execution =
        executor.buildBlock(state, context, evidence, candidates, params.maxBlockTransactions(), onSkipped);
    // Encoded once here for the transactions root and the stored hashes: encoding is not cached by the types.
    List<Bytes> encodedTxs = execution.transactions().stream().map(Transaction::encoded).toList();
    BlockHeader header =
        new BlockHeader(
            parent.hash(),
            context.number(),
            time,
            proposer,
            state.rootHash(),
            OrderedListTrie.root(encodedTxs),
            OrderedListTrie.root(execution.receipts().stream().map(Receipt::encoded).toList()),
            execution.bloom(),
            params.blockGasLimit(),
            execution.gasUsed(),
            baseFee,
            beacon,
            vrfProof,
            validatorsHash,
            lastCommit.hash());
    return new ProposedBlock(new Block(header, execution.transactions(), lastCommit), execution, state, hashes(encodedTxs));
  }

  /** Re-executes a block received from elsewhere and checks every root its header commits to. */
  public synchronized ProposedBlock validate(Block block) throws InvalidBlockException {
    BlockHeader parent = head;
    BlockHeader header = block.header();
    if (!header.parentHash().equals(parent.hash()) || header.number() != parent.number() + 1) {
      throw new InvalidBlockException(
          "block " + header.number() + " (" + block.hash() + ") does not extend the head " + parent.number() + " ("
              + parent.hash() + ")");
    }
    if (header.timestamp() < parent.timestamp()) {
      throw new InvalidBlockException(
          "block " + header.number() + " timestamp " + header.timestamp() + " is before its parent's " + parent.timestamp());
    }
    if (header.gasLimit() != params.blockGasLimit()) {
      throw new InvalidBlockException(
          "block " + header.number() + " gas limit " + header.gasLimit() + " is not the chain's " + params.blockGasLimit());
    }
    UInt256 expectedBaseFee = nextBaseFee();
    if (!header.baseFeePerGas().equals(expectedBaseFee)) {
      throw new InvalidBlockException(
          "block " + header.number() + " base fee " + header.baseFeePerGas() + " should be " + expectedBaseFee);
    }
    long userTransactions = block.transactions().stream().filter(tx -> !(tx instanceof ProtocolTransaction)).count();
    if (userTransactions > params.maxBlockTransactions()) {
      throw new InvalidBlockException(
          "block " + header.number() + " has " + userTransactions + " user transactions; at most "
              + params.maxBlockTransactions());
    }
    List<Bytes> encodedTxs = block.transactions().stream().map(Transaction::encoded).toList();
    Bytes32 txRoot = OrderedListTrie.root(encodedTxs);
    check(header, "transactionsRoot", header.transactionsRoot(), txRoot);
    check(header, "lastCommitHash", header.lastCommitHash(), block.lastCommit().hash());
    BlockContext context =
        new BlockContext(header.number(), header.timestamp(), header.proposer(), header.baseFeePerGas(), header.gasLimit(), header.beacon());
    // A block that fails validation drops the state it took; the next proposal or validation reopens one.
    WorldState state = takeReusableHeadState().orElseGet(() -> stateAt(parent));
    BlockExecution execution = executor.executeBlock(state, context, block.transactions());
    if (execution.gasUsed() != header.gasUsed()) {
      throw new InvalidBlockException(
          "block " + header.number() + " gasUsed " + header.gasUsed() + " but execution used " + execution.gasUsed());
    }
    check(header, "receiptsRoot", header.receiptsRoot(), OrderedListTrie.root(execution.receipts().stream().map(Receipt::encoded).toList()));
    check(header, "logsBloom", header.logsBloom().bytes(), execution.bloom().bytes());
    check(header, "stateRoot", header.stateRoot(), state.rootHash());
    return new ProposedBlock(block, execution, state, hashes(encodedTxs));
  }

  /** keccak256 of each encoding: the transaction hashes (Transaction.hash() would encode each again). */
  private static List<Bytes32> hashes(List<Bytes> encodedTxs) {
    return encodedTxs.stream().map(Keccak256::hash).toList();
  }

  private static void check(BlockHeader header, String field, Bytes claimed, Bytes computed) throws InvalidBlockException {
    if (!claimed.equals(computed)) {
      throw new InvalidBlockException(
          "block " + header.number() + " " + field + " is " + claimed + " but the block's contents give " + computed);
    }
  }

  /** Writes a proposed or validated block and makes it the head, atomically. */
  public void commit(ProposedBlock proposed) {
    commit(proposed, CommitCertificate.EMPTY);
  }

  /**
   * Writes a block together with the certificate that finalized it, atomically, and makes it the head. The
   * caller has checked the certificate (this layer knows nothing of validators).
   */
  public void commit(ProposedBlock proposed, CommitCertificate certificate) {
    commit(proposed, certificate, true);
  }

  /**
   * As {@link #commit(ProposedBlock, CommitCertificate)}; with {@code durable} false the write is not fsync'd before
   * returning. It is still atomic and survives a process crash; a power loss may lose it and later non-durable blocks,
   * never leaving part of one. Range sync uses it for all but the last block of a range: the last block's fsync makes
   * the write-ahead log durable up to it, and lost finalized blocks can always be fetched again.
   */
  public synchronized void commit(ProposedBlock proposed, CommitCertificate certificate, boolean durable) {
    Block block = proposed.block();
    if (!block.header().parentHash().equals(head.hash())) {
      throw new IllegalStateException(
          "block " + block.header().number() + " was built on " + block.header().parentHash() + " but the head is now " + head.hash());
    }
    List<Receipt> receipts = proposed.execution().receipts();
    try (WriteBatch batch = store.keyValueStore().newBatch()) {
      proposed.postState().commit(batch);
      store.putBlock(batch, block, proposed.transactionHashes(), receipts,
          proposed.execution().outcomes().stream().map(TransactionOutcome::revertReason).toList());
      if (!certificate.isEmpty()) {
        if (!certificate.blockHash().equals(block.hash()) || certificate.height() != block.header().number()) {
          throw new IllegalArgumentException("the certificate is for block " + certificate.height() + " "
              + certificate.blockHash() + ", not " + block.header().number() + " " + block.hash());
        }
        store.putCommitCertificate(batch, block.header().number(), certificate);
      }
      batch.commit(durable);
    }
    keepForReuse(proposed.postState(), block.transactions().size());
    CommittedBlock committed = new CommittedBlock(block, receipts, certificate);
    recent.add(committed);
    head = block.header();
    for (Consumer<CommittedBlock> listener : listeners) {
      try {
        listener.accept(committed);
      } catch (RuntimeException e) {
        LOG.error("new-head listener failed at block {}", block.header().number(), e);
      }
    }
  }

  /** The committed head's post-state, if this node has it and nobody took it yet; holds the lock. */
  private Optional<WorldState> takeReusableHeadState() {
    WorldState state = reusableHeadState;
    reusableHeadState = null;
    return Optional.ofNullable(state);
  }

  /**
   * Keeps the state a block was just committed from for the next proposal, unless it has touched more accounts
   * than {@link #REUSED_STATE_MAX_TOUCHES} since it was opened (its caches only grow); holds the lock.
   */
  private void keepForReuse(WorldState committedState, int transactions) {
    if (committedState != countedState) {
      countedState = committedState;
      reusableStateTouches = 0;
    }
    // Each transfer touches its sender and recipient; the proposer is touched once per block.
    reusableStateTouches += 2L * transactions + 1;
    if (reusableStateTouches > REUSED_STATE_MAX_TOUCHES) {
      reusableHeadState = null;
      countedState = null;
    } else {
      reusableHeadState = committedState;
    }
  }
}
