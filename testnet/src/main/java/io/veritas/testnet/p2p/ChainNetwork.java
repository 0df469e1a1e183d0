package io.veritas.testnet.p2p;

import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.api.TransactionAdmission;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.blockchain.BlockchainStore;
import io.veritas.chain.blockchain.CommittedBlock;
import io.veritas.chain.p2p.gossip.GossipMessage;
import io.veritas.chain.p2p.gossip.TopicOptions;
import io.veritas.chain.p2p.gossip.ValidationResult;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.tx.InvalidTransactionException;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionDecoder;
import io.veritas.chain.txpool.AddResult;
import io.veritas.chain.txpool.RejectReason;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.testnet.sync.BlockImporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain on the libp2p network: transactions and finalized blocks gossiped on
 * {@code /veritas/<chainId>/tx/1} and {@code /veritas/<chainId>/block/1} (content-addressed, unsigned
 * gossip: the payloads carry their own signatures), each validated before it is forwarded, and range sync on
 * {@code /veritas/sync/blocks/1} for a node that is behind.
 */
public final class ChainNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainNetwork.class);
  public static final String SYNC_PROTOCOL = "/veritas/sync/blocks/1";
  public static final int MAX_BLOCKS_PER_REQUEST = 256;
  public static final int MAX_RESPONSE_BYTES = 64 << 20;
  private static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);

  private final Host host;
  private final Blockchain chain;
  private final TransactionPool pool;
  private final TransactionAdmission admission;
  private final BlockImporter importer;
  private final boolean announceOwnBlocks;
  private final String txTopic;
  private final String blockTopic;
  private final ScheduledExecutorService syncer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("block-sync").daemon().unstarted(r));
  private final AtomicBoolean syncQueued = new AtomicBoolean();

  /**
   * @param announceOwnBlocks true on the node that produces blocks: it publishes each block it commits.
   *     Other nodes pass blocks on through gossip forwarding only.
   */
  public ChainNetwork(Host host, Blockchain chain, TransactionPool pool, TransactionAdmission admission, BlockImporter importer,
      boolean announceOwnBlocks) {
    this.host = host;
    this.chain = chain;
    this.pool = pool;
    this.admission = admission;
    this.importer = importer;
    this.announceOwnBlocks = announceOwnBlocks;
    long chainId = chain.parameters().chainId();
    this.txTopic = "/veritas/" + chainId + "/tx/1";
    this.blockTopic = "/veritas/" + chainId + "/block/1";
  }

  public Host host() {
    return host;
  }

  public void start(List<Multiaddr> bootnodes) {
    TopicOptions contentAddressed = TopicOptions.strictNoSignSha256();
    host.gossip().subscribe(txTopic, contentAddressed, this::validateTransaction, m -> { });
    host.gossip().subscribe(blockTopic, contentAddressed, this::validateBlock, m -> { });
    host.registerRequestHandler(SYNC_PROTOCOL, 64, (peer, request) -> CompletableFuture.completedFuture(serveSync(request)));
    pool.addListener(this::publishTransaction);
    if (announceOwnBlocks) {
      chain.addNewHeadListener(this::publishBlock);
    }
    for (Multiaddr bootnode : bootnodes) {
      host.keepConnected(bootnode, Duration.ofSeconds(1));
    }
    syncer.scheduleWithFixedDelay(this::syncSafely, SYNC_INTERVAL.toMillis(), SYNC_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ValidationResult validateTransaction(GossipMessage message) {
    Transaction tx;
    Bytes raw = Bytes.wrap(message.data());
    try {
      tx = TransactionDecoder.decode(raw);
    } catch (InvalidTransactionException e) {
      LOG.debug("rejected gossiped tx from={} reason={}", message.receivedFrom(), e.getMessage());
      return ValidationResult.REJECT;
    }
    // The decoder accepts only the canonical encoding, so the gossiped bytes are the transaction's encoding.
    AddResult result = admission.admit(tx, raw, Keccak256.hash(raw));
    if (result.accepted()) {
      return ValidationResult.ACCEPT;
    }
    RejectReason reason = ((AddResult.Rejected) result).reason();
    // A stale nonce or a full pool is not the sender's fault; a transaction no node could accept is.
    return switch (reason) {
      case INVALID_CHAIN_ID, MISSING_CHAIN_ID, INTRINSIC_GAS_TOO_LOW, TIP_ABOVE_FEE_CAP, INVALID, OVERSIZED -> ValidationResult.REJECT;
      default -> ValidationResult.IGNORE;
    };
  }

  private ValidationResult validateBlock(GossipMessage message) {
    BlockMessages.FinalizedBlock fb;
    try {
      fb = BlockMessages.decodeFinalized(Bytes.wrap(message.data()));
    } catch (RuntimeException e) {
      LOG.debug("rejected gossiped block from={} reason={}", message.receivedFrom(), e.getMessage());
      return ValidationResult.REJECT;
    }
    BlockImporter.Outcome outcome = importer.importBlock(fb.block(), fb.certificate());
    return switch (outcome) {
      case BlockImporter.Outcome.Imported imported -> ValidationResult.ACCEPT;
      case BlockImporter.Outcome.Known known -> ValidationResult.IGNORE;
      case BlockImporter.Outcome.Gap gap -> {
        requestSync();
        yield ValidationResult.ACCEPT; // finalized (certificate checked); we just lack its parents
      }
      case BlockImporter.Outcome.Invalid invalid -> {
        LOG.warn("invalid block from peer={}: {}", message.receivedFrom(), invalid.reason());
        yield ValidationResult.REJECT;
      }
    };
  }

  private void publishTransaction(Transaction tx) {
    host.gossip().publish(txTopic, tx.encoded().toArrayUnsafe()).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("tx {} not published: {}", tx.hash(), e.getMessage());
      }
    });
  }

  private void publishBlock(CommittedBlock committed) {
    Bytes message = BlockMessages.encode(new BlockMessages.FinalizedBlock(committed.block(), committed.certificate()));
    host.gossip().publish(blockTopic, message.toArrayUnsafe()).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("block {} not published: {}", committed.block().header().number(), e.getMessage());
      }
    });
  }

  private byte[] serveSync(byte[] request) {
    BlockMessages.SyncRequest req = BlockMessages.decodeRequest(Bytes.wrap(request));
    int count = Math.min(Math.max(req.count(), 0), MAX_BLOCKS_PER_REQUEST);
    // Blocks and certificates go out as stored: decoding them (sender recovery) only to encode them again would
    // cost the serving node more than the import costs the syncing one.
    BlockchainStore store = chain.store();
    Bytes emptyCertificate = CommitCertificate.EMPTY.encoded();
    List<Bytes> out = new ArrayList<>();
    long size = 0;
    long head = chain.head().number();
    for (long n = req.from(); n < req.from() + count && n <= head; n++) {
      long number = n;
      Bytes block = store.hashAt(number).flatMap(store::encodedBlock)
          .orElseThrow(() -> new IllegalStateException("block " + number + " at or below head " + head + " is not stored"));
      Bytes certificate = store.encodedCommitCertificate(number).orElse(emptyCertificate);
      size += block.size() + certificate.size() + 16;
      if (size > MAX_RESPONSE_BYTES / 2 && !out.isEmpty()) {
        break;
      }
      out.add(BlockMessages.encode(block, certificate));
    }
    return BlockMessages.encodeEncodedResponse(out).toArrayUnsafe();
  }

  /** Starts a sync round on the sync thread now, unless one is already queued (it also runs every second). */
  public void requestSync() {
    if (syncQueued.compareAndSet(false, true)) {
      syncer.execute(this::syncSafely);
    }
  }

  private void syncSafely() {
    syncQueued.set(false);
    try {
      syncFromPeers();
    } catch (RuntimeException e) {
      LOG.warn("sync round failed: {}", e.toString());
    }
  }

  /**
   * Asks peers, in random order, for the blocks after our head until one has nothing newer. Requests are pipelined:
   * the next range is asked for (and decoded, off this thread) while the current one is imported, so the network
   * round trip and the decoding overlap with re-execution.
   */
  void syncFromPeers() {
    List<PeerId> peers = new ArrayList<>(host.peers());
    Collections.shuffle(peers);
    for (PeerId peer : peers) {
      if (!syncFrom(peer)) {
        return;
      }
    }
  }

  /** Syncs from one peer until it has nothing newer; returns false when the thread was interrupted. */
  private boolean syncFrom(PeerId peer) {
    long from = chain.head().number() + 1;
    CompletableFuture<List<BlockMessages.FinalizedBlock>> pending = requestRange(peer, from);
    while (true) {
      List<BlockMessages.FinalizedBlock> blocks;
      long waitStart = System.nanoTime();
      try {
        blocks = pending.get(35, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        LOG.debug("sync request to {} failed: {}", peer, e.toString());
        return true;
      }
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitStart);
      if (blocks.isEmpty()) {
        return true;
      }
      boolean full = blocks.size() >= MAX_BLOCKS_PER_REQUEST;
      long next = blocks.getLast().block().header().number() + 1;
      // Ask for the next range now; it travels and is decoded while this one is imported.
      pending = full ? requestRange(peer, next) : null;
      long importStart = System.nanoTime();
      for (int i = 0; i < blocks.size(); i++) {
        BlockMessages.FinalizedBlock fb = blocks.get(i);
        // One fsync per range, at its last block: it makes the blocks before it durable too.
        BlockImporter.Outcome outcome = importer.importBlock(fb.block(), fb.certificate(), i == blocks.size() - 1);
        if (outcome instanceof BlockImporter.Outcome.Invalid invalid) {
          LOG.warn("peer {} served an invalid block: {}", peer, invalid.reason());
          if (pending != null) {
            pending.cancel(true);
          }
          host.disconnect(peer);
          return true;
        }
      }
      long head = chain.head().number();
      LOG.info("synced: head={} from={} blocks={} waitMs={} importMs={}", head, peer, blocks.size(), waitedMs,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - importStart));
      if (pending == null) {
        return true;
      }
      if (head + 1 != next) {
        // The range did not extend our head (the peer skipped blocks, or gossip moved the head meanwhile): the range
        // asked for ahead no longer follows it, so ask again from the head.
        pending.cancel(true);
        pending = requestRange(peer, head + 1);
      }
    }
  }

  private CompletableFuture<List<BlockMessages.FinalizedBlock>> requestRange(PeerId peer, long from) {
    return host.request(peer, SYNC_PROTOCOL,
            BlockMessages.encode(new BlockMessages.SyncRequest(from, MAX_BLOCKS_PER_REQUEST)).toArrayUnsafe(),
            MAX_RESPONSE_BYTES, Duration.ofSeconds(30))
        .thenApplyAsync(response -> BlockMessages.decodeResponse(Bytes.wrap(response)));
  }

  public int peerCount() {
    return host.peers().size();
  }

  @Override
  public void close() {
    syncer.shutdownNow();
    host.close();
  }
}
