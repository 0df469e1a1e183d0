package io.veritas.testnet.consensus;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.p2p.gossip.GossipMessage;
import io.veritas.chain.p2p.gossip.TopicOptions;
import io.veritas.chain.p2p.gossip.ValidationResult;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.VoteVerifier;
import io.veritas.consensus.service.ConsensusMessage;
import io.veritas.consensus.service.ConsensusMessage.ProposalMessage;
import io.veritas.consensus.service.ConsensusMessage.VoteMessage;
import io.veritas.consensus.service.ConsensusMessages;
import io.veritas.consensus.service.ConsensusNetwork;
import io.veritas.consensus.service.ConsensusService;
import io.veritas.consensus.service.ConsensusService.Verdict;
import io.veritas.consensus.service.ValidatorSchedule;
import io.veritas.consensus.validator.ValidatorSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus messages between validators, on two paths. <b>Gossip</b>: votes on {@code /veritas/<chainId>/vote/1},
 * proposals (each with its full block) on {@code /veritas/<chainId>/proposal/1}, both in {@link ConsensusMessages}'
 * wire form, content-addressed and unsigned at the gossip layer (the payloads carry validator signatures), relayed
 * through the mesh. <b>Direct</b>: the same messages sent to every connected peer that speaks
 * {@code /veritas/<chainId>/consensus/1} (one request per message, a kind byte then the wire form), received on a
 * thread of their own. The gossip thread also admits every gossiped transaction, so under a transaction flood its
 * queue grows to seconds and overflows; the direct path keeps votes and proposals out of that queue. A message is
 * handed to consensus once, whichever path brings it first; the copy the other path brings within
 * {@link #DEDUPE_WINDOW} is recognised by the hash of its signed content and signature without checking the signature
 * again. Later copies (the engine's re-broadcasts, one a second) are handed on again: the engine may have dropped the
 * first one (a round it had not reached), and re-broadcast is how the algorithm gets its eventual delivery.
 *
 * <p>Every message is checked before it is forwarded or handed on: malformed, oversized, signed by a non-validator or
 * badly signed → REJECT (a gossip sender is penalised); stale or too far ahead to check → IGNORE.
 *
 * <p>A re-proposal (Algorithm 1 line 16: a round's proposer proposes its {@code validValue}, {@code validRound >= 0})
 * carries a block built by the proposer of an earlier round, so its header's proposer is not the proposal's signer.
 * {@link ConsensusService#check} refuses such a block; here a re-proposal is admitted when its signer is the height's
 * validator and signed it, the block is the one it names at its height, and the block's builder is a validator of the
 * height. Without this, one round that ends with a polka but no decision stalls the height for good: every later
 * proposer re-proposes that value and every node rejects it.
 *
 * <p>Received votes go through an {@link EquivocationDetector}; evidence it finds goes to the evidence sink (the
 * evidence topic and pool). The testing-only {@link FaultEquivocation} adds a conflicting twin to own votes.
 *
 * <p>Peers in the {@link PeerBlocklist} (the testing-only partition switch) are neither sent to directly nor heard
 * from on either path.
 */
public final class ConsensusGossip implements ConsensusNetwork, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusGossip.class);
  /** The gossip layer's message limit; a proposal carries a whole block. */
  public static final int MAX_PROPOSAL_BYTES = 1 << 20;
  /** Direct messages waiting for the inbound thread; beyond this they are dropped (gossip and re-broadcast recover). */
  static final int MAX_QUEUED_DIRECT = 4096;
  /** Signed messages remembered as handed to consensus (a few heights of four to a hundred validators). */
  static final int DELIVERED_KEPT = 8192;
  /**
   * A proposal carries its whole block (up to 1 MiB); the engine re-broadcasts it every second, and each re-broadcast
   * is a new gossip message that every peer decodes, checks and forwards. So one proposal is sent again at most this
   * often; votes, a few hundred bytes, go out at every re-broadcast.
   */
  static final Duration PROPOSAL_RESEND_INTERVAL = Duration.ofSeconds(4);
  private static final int PROPOSALS_REMEMBERED = 256;
  /** How long a message handed on makes its copies from the other path redundant: below the re-broadcast interval. */
  static final Duration DEDUPE_WINDOW = Duration.ofMillis(500);
  private static final Duration DIRECT_TIMEOUT = Duration.ofSeconds(5);
  private static final byte KIND_VOTE = 1;
  private static final byte KIND_PROPOSAL = 2;
  private static final byte[] RECEIVED = new byte[0];

  private final Host host;
  private final long chainId;
  private final ValidatorSchedule schedule;
  private final VoteVerifier verifier;
  private final PeerBlocklist blocklist;
  private final EquivocationDetector equivocations = new EquivocationDetector();
  private final Consumer<DoubleSignEvidence> evidence;
  private final FaultEquivocation fault;
  private final String voteTopic;
  private final String proposalTopic;
  private final String directProtocol;
  /** Re-broadcasts of one signed message must differ on the wire; a per-process start value keeps restarts apart. */
  private final AtomicLong nonce = new AtomicLong(System.nanoTime() & Long.MAX_VALUE);
  private final AtomicLong droppedDirect = new AtomicLong();
  private final ThreadPoolExecutor inbound;
  /** When (System.nanoTime) each recently handed-on message was handed on. */
  private final Map<Bytes32, Long> delivered = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Bytes32, Long> eldest) {
      return size() > DELIVERED_KEPT;
    }
  };
  /** When (System.nanoTime) each recent own proposal (by its signed content's key) was last sent. */
  private final Map<Bytes32, Long> proposalsSent = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Bytes32, Long> eldest) {
      return size() > PROPOSALS_REMEMBERED;
    }
  };
  private volatile ConsensusService service;

  /**
   * @param evidence receives double signing found in received votes
   * @param fault the testing-only double-signing switch for this node's own votes
   */
  public ConsensusGossip(Host host, long chainId, ValidatorSchedule schedule, VoteVerifier verifier,
      PeerBlocklist blocklist, Consumer<DoubleSignEvidence> evidence, FaultEquivocation fault) {
    this.host = host;
    this.evidence = evidence;
    this.fault = fault;
    this.chainId = chainId;
    this.schedule = schedule;
    this.verifier = verifier;
    this.blocklist = blocklist;
    this.voteTopic = voteTopic(chainId);
    this.proposalTopic = proposalTopic(chainId);
    this.directProtocol = directProtocol(chainId);
    this.inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_DIRECT),
        r -> Thread.ofPlatform().name("consensus-inbound").daemon().unstarted(r));
  }

  public static String voteTopic(long chainId) {
    return "/veritas/" + chainId + "/vote/1";
  }

  public static String proposalTopic(long chainId) {
    return "/veritas/" + chainId + "/proposal/1";
  }

  public static String directProtocol(long chainId) {
    return "/veritas/" + chainId + "/consensus/1";
  }

  /** Subscribes both topics and serves the direct protocol; received messages go to {@code consensus}. */
  public void start(ConsensusService consensus) {
    this.service = consensus;
    TopicOptions contentAddressed = TopicOptions.strictNoSignSha256();
    host.gossip().subscribe(voteTopic, contentAddressed, this::validateVote, m -> { });
    host.gossip().subscribe(proposalTopic, contentAddressed, this::validateProposal, m -> { });
    host.registerRequestHandler(directProtocol, MAX_PROPOSAL_BYTES + 1, this::receiveDirect);
  }

  /** Hands received messages to {@code consensus} from now on (a driver restarted on a fresh WAL). */
  public void attach(ConsensusService consensus) {
    this.service = consensus;
  }

  @Override
  public void broadcast(ConsensusMessage message) {
    long n = nonce.incrementAndGet() & Long.MAX_VALUE;
    switch (message) {
      case VoteMessage vm -> {
        Bytes wire = ConsensusMessages.encodeVote(vm.vote(), n);
        sendDirect(KIND_VOTE, wire);
        publish(voteTopic, wire);
        fault.conflicting(vm.vote()).ifPresent(twin -> {
          Bytes twinWire = ConsensusMessages.encodeVote(twin, nonce.incrementAndGet() & Long.MAX_VALUE);
          sendDirect(KIND_VOTE, twinWire);
          publish(voteTopic, twinWire);
        });
      }
      case ProposalMessage pm -> {
        if (!dueForSending(pm)) {
          return;
        }
        Bytes wire = ConsensusMessages.encodeProposal(pm, n);
        sendDirect(KIND_PROPOSAL, wire);
        publish(proposalTopic, wire);
      }
    }
  }

  /** Whether {@code pm} was not sent within {@link #PROPOSAL_RESEND_INTERVAL}; if so, it counts as sent now. */
  private boolean dueForSending(ProposalMessage pm) {
    Bytes32 key = key(pm);
    long now = System.nanoTime();
    synchronized (proposalsSent) {
      Long last = proposalsSent.get(key);
      if (last != null && now - last < PROPOSAL_RESEND_INTERVAL.toNanos()) {
        return false;
      }
      proposalsSent.remove(key);
      proposalsSent.put(key, now);
      return true;
    }
  }

  private void publish(String topic, Bytes bytes) {
    host.gossip().publish(topic, bytes.toArrayUnsafe()).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("consensus message not published on {}: {}", topic, e.getMessage());
      }
    });
  }

  private void sendDirect(byte kind, Bytes wire) {
    byte[] request = Bytes.concatenate(Bytes.of(kind), wire).toArrayUnsafe();
    for (PeerId peer : host.peers()) {
      boolean speaks = host.peerInfo(peer).map(info -> info.protocols().contains(directProtocol)).orElse(false);
      if (!speaks || blocklist.isBlocked(peer)) {
        continue;
      }
      host.request(peer, directProtocol, request, 16, DIRECT_TIMEOUT).whenComplete((r, e) -> {
        if (e != null) {
          LOG.debug("consensus message not sent to peer={}: {}", peer, e.getMessage());
        }
      });
    }
  }

  /** Called on a network thread: queue for the inbound thread and answer at once (the answer carries nothing). */
  private CompletableFuture<byte[]> receiveDirect(PeerId from, byte[] request) {
    try {
      inbound.execute(() -> {
        try {
          handleDirect(from, request);
        } catch (RuntimeException e) {
          LOG.warn("direct consensus message from peer={} could not be handled", from, e);
        }
      });
    } catch (RejectedExecutionException full) {
      if (inbound.isShutdown()) {
        return CompletableFuture.completedFuture(RECEIVED); // stopping: nothing is lost that matters
      }
      long dropped = droppedDirect.incrementAndGet();
      if (Long.bitCount(dropped) == 1) { // at 1, 2, 4, 8, ... drops: visible without flooding the log
        LOG.warn("consensus inbound queue full: dropped {} direct messages so far (latest from peer={})", dropped, from);
      }
    }
    return CompletableFuture.completedFuture(RECEIVED);
  }

  private void handleDirect(PeerId from, byte[] request) {
    ConsensusService consensus = service;
    if (consensus == null || blocklist.isBlocked(from)) {
      return;
    }
    ConsensusMessage decoded;
    try {
      if (request.length < 1) {
        throw new IllegalArgumentException("empty direct consensus message");
      }
      Bytes wire = Bytes.wrap(request, 1, request.length - 1);
      decoded = switch (request[0]) {
        case KIND_VOTE -> ConsensusMessages.decodeVote(wire);
        case KIND_PROPOSAL -> ConsensusMessages.decodeProposal(wire, MAX_PROPOSAL_BYTES);
        default -> throw new IllegalArgumentException("unknown direct consensus message kind " + request[0]);
      };
    } catch (RuntimeException e) {
      LOG.warn("rejected direct consensus message from peer={}: {}", from, e.getMessage());
      return;
    }
    Bytes32 key = key(decoded);
    if (wasDelivered(key)) {
      return;
    }
    Verdict verdict = verdict(consensus, decoded);
    if (verdict == Verdict.ACCEPT) {
      hand(consensus, decoded, key);
    } else if (verdict == Verdict.REJECT) {
      LOG.warn("rejected direct consensus message from peer={}: {}", from, decoded);
    }
  }

  private ValidationResult validateVote(GossipMessage message) {
    if (blocklist.isBlocked(message.receivedFrom())) {
      return ValidationResult.IGNORE;
    }
    ConsensusMessage decoded;
    try {
      decoded = ConsensusMessages.decodeVote(Bytes.wrap(message.data()));
    } catch (RuntimeException e) {
      LOG.debug("rejected vote from={} reason={}", message.receivedFrom(), e.getMessage());
      return ValidationResult.REJECT;
    }
    return deliver(decoded, message);
  }

  private ValidationResult validateProposal(GossipMessage message) {
    if (blocklist.isBlocked(message.receivedFrom())) {
      return ValidationResult.IGNORE;
    }
    ConsensusMessage decoded;
    try {
      decoded = ConsensusMessages.decodeProposal(Bytes.wrap(message.data()), MAX_PROPOSAL_BYTES);
    } catch (RuntimeException e) {
      LOG.debug("rejected proposal from={} reason={}", message.receivedFrom(), e.getMessage());
      return ValidationResult.REJECT;
    }
    return deliver(decoded, message);
  }

  private ValidationResult deliver(ConsensusMessage decoded, GossipMessage message) {
    ConsensusService consensus = service;
    if (consensus == null) {
      return ValidationResult.IGNORE;
    }
    Bytes32 key = key(decoded);
    if (wasDelivered(key)) {
      // The same signed content passed the checks just now on the other path: forward it, do not hand it on twice.
      return ValidationResult.ACCEPT;
    }
    return switch (verdict(consensus, decoded)) {
      case ACCEPT -> {
        hand(consensus, decoded, key);
        yield ValidationResult.ACCEPT;
      }
      case IGNORE -> ValidationResult.IGNORE;
      case REJECT -> {
        LOG.warn("rejected consensus message from peer={}: {}", message.receivedFrom(), decoded);
        yield ValidationResult.REJECT;
      }
    };
  }

  private Verdict verdict(ConsensusService consensus, ConsensusMessage decoded) {
    Verdict verdict = consensus.check(decoded);
    if (verdict == Verdict.REJECT && decoded instanceof ProposalMessage pm && isValidReProposal(pm)) {
      return Verdict.ACCEPT;
    }
    return verdict;
  }

  /** A re-proposal of an earlier round's valid block: signed by a validator, the block by a validator too. */
  private boolean isValidReProposal(ProposalMessage pm) {
    Proposal p = pm.proposal();
    if (p.validRound() < 0 || p.height() < 1) {
      return false;
    }
    ValidatorSet set = schedule.at(p.height());
    return set.contains(p.proposer())
        && set.contains(CommitCertificates.validator(pm.block().header().proposer()))
        && pm.block().header().number() == p.height()
        && BlockId.of(pm.block().hash().toArrayUnsafe()).equals(p.blockId())
        && verifier.verify(p.proposer(), p.signBytes(chainId), p.signature());
  }

  /** What identifies one signed message whatever its nonce: its signed content, signature and (proposals) block. */
  private Bytes32 key(ConsensusMessage message) {
    return switch (message) {
      case VoteMessage vm -> Keccak256.hash(Bytes.concatenate(Bytes.of(KIND_VOTE), Bytes.wrap(vm.vote().signBytes(chainId)),
          Bytes.wrap(vm.vote().signature())));
      case ProposalMessage pm -> Keccak256.hash(Bytes.concatenate(Bytes.of(KIND_PROPOSAL),
          Bytes.wrap(pm.proposal().signBytes(chainId)), Bytes.wrap(pm.proposal().signature()), pm.block().hash()));
    };
  }

  private boolean wasDelivered(Bytes32 key) {
    synchronized (delivered) {
      Long at = delivered.get(key);
      return at != null && System.nanoTime() - at < DEDUPE_WINDOW.toNanos();
    }
  }

  /** Hands the message to consensus unless the other path just did; a vote is also checked for double signing. */
  private void hand(ConsensusService consensus, ConsensusMessage message, Bytes32 key) {
    synchronized (delivered) {
      long now = System.nanoTime();
      Long at = delivered.get(key);
      if (at != null && now - at < DEDUPE_WINDOW.toNanos()) {
        return;
      }
      delivered.remove(key); // re-inserted last, so the eldest-first eviction stays in time order
      delivered.put(key, now);
    }
    if (message instanceof VoteMessage vm) {
      equivocations.observe(vm.vote()).ifPresent(evidence);
    }
    consensus.submit(message);
  }

  /** Stops the inbound thread (queued direct messages are dropped: consensus stops too). */
  @Override
  public void close() throws InterruptedException {
    inbound.shutdownNow();
    if (!inbound.awaitTermination(5, TimeUnit.SECONDS)) {
      LOG.warn("consensus inbound thread did not stop within 5 s");
    }
  }
}
