package io.veritas.chain.p2p.gossip;

import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.identity.PublicKey;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossipsub v1.1/v1.2 router as a pure state machine: peers, RPCs, publications and heartbeats go in; RPCs for
 * peers come out through {@link Output}. Time comes from an injected clock and randomness from an injected
 * {@link Random}, so tests drive it deterministically.
 *
 * <p>Threads: every method is called by one owner thread, except {@link #admit} and {@link #release}, which the I/O
 * threads call on each RPC as soon as it is decoded. Admission only touches thread-safe state (the
 * {@link MessagePresence} table, the subscription and topic-option maps, the IDONTWANT target snapshot): it records
 * IDONTWANTs, drops duplicate copies before they are queued for the owner, and announces new large messages with
 * IDONTWANT at once rather than after the queueing delay.
 */
public final class GossipRouter {
  public static final String MESHSUB_V12 = "/meshsub/1.2.0";
  public static final String MESHSUB_V11 = "/meshsub/1.1.0";
  public static final String MESHSUB_V10 = "/meshsub/1.0.0";
  /** How long a peer has to deliver a message it advertised and we asked for (go-libp2p's iwant followup). */
  static final long IWANT_FOLLOWUP_MILLIS = 3000;
  static final byte[] SIGNING_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
  private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);

  /** Where the router's effects go. */
  public interface Output {
    /** Called from the owner thread, and from I/O threads for IDONTWANT (so it must be thread-safe). */
    void send(PeerId peer, Rpc rpc);

    /** The same RPC to several peers (an implementation may encode it once). Thread-safe like {@link #send}. */
    default void sendToAll(List<PeerId> peers, Rpc rpc) {
      for (PeerId p : peers) {
        send(p, rpc);
      }
    }

    /**
     * v1.2: tells {@code peers} that we have the messages {@code ids} (IDONTWANT). Called from I/O threads. An
     * implementation may gather the announcements of one I/O turn into one RPC per peer, but must not hold them
     * until the owner thread gets to the messages.
     */
    default void announceDontWant(List<PeerId> peers, List<MessageId> ids) {
      sendToAll(peers, Rpc.dontWant(ids));
    }

    /** Peers offered by a PRUNE's peer exchange, which the host may try to connect to. */
    default void peerExchange(String topic, List<PeerId> peers) {}
  }

  /** A local subscription: the validator runs before anything is delivered or forwarded. */
  public interface Subscriber {
    ValidationResult validate(GossipMessage message);

    void deliver(GossipMessage message);
  }

  private static final class PeerState {
    final String protocol;
    final Set<String> topics = new HashSet<>();
    int ihaveReceived;
    int idsAsked;

    PeerState(String protocol) {
      this.protocol = protocol;
    }
  }

  private static final class Score {
    double invalidMessages;
    double behaviourPenalty;
    long disconnectedAt = -1;
  }

  private record Promise(PeerId peer, long deadline) {}

  private static final class Outgoing {
    final List<Rpc.Subscription> subscriptions = new ArrayList<>();
    final List<PubMessage> publish = new ArrayList<>();
    final List<Rpc.IHave> ihave = new ArrayList<>();
    final List<MessageId> iwant = new ArrayList<>();
    final List<String> graft = new ArrayList<>();
    final List<Rpc.Prune> prune = new ArrayList<>();
  }

  private final GossipConfig config;
  private final PrivateKey identity;
  private final byte[] localPeerBytes;
  private final LongSupplier clock;
  private final Random random;
  private final Output output;
  private final Map<PeerId, PeerState> peers = new HashMap<>();
  private final Map<PeerId, Score> scores = new HashMap<>();
  /** Concurrent maps: {@link #admit} reads them from I/O threads; only the owner writes them. */
  private final Map<String, Subscriber> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, TopicOptions> topicOptions = new ConcurrentHashMap<>();
  private final Map<String, Set<PeerId>> mesh = new HashMap<>();
  private final Map<String, Set<PeerId>> fanout = new HashMap<>();
  private final Map<String, Long> fanoutLastPublished = new HashMap<>();
  private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
  private final MessageCache mcache;
  private final SeenCache seen;
  private final MessagePresence presence;
  /** Per topic, the mesh peers that speak v1.2: whom {@link #admit} sends IDONTWANT to. Replaced, never mutated. */
  private volatile Map<String, List<PeerId>> idontwantTargets = Map.of();
  /** Peers below the graylist threshold, whose RPCs the owner ignores; admission leaves them alone too. */
  private volatile Set<PeerId> graylisted = Set.of();
  private boolean meshChanged;
  private final Map<PeerId, Outgoing> outgoing = new LinkedHashMap<>();
  /** IWANT promises (v1.1): message id -> peer that advertised it and the deadline for delivering it. */
  private final Map<MessageId, Promise> promises = new HashMap<>();
  /** Authors' keys, parsed and validated once (validation costs as much as a signature check). */
  private final Map<PeerId, PublicKey> authorKeys = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PeerId, PublicKey> eldest) {
      return size() > 4096;
    }
  };
  private long seqno;

  public GossipRouter(GossipConfig config, PrivateKey identity, LongSupplier clock, Random random, Output output) {
    this.config = config;
    this.identity = identity;
    this.localPeerBytes = identity.peerId().bytes();
    this.clock = clock;
    this.random = random;
    this.output = output;
    this.mcache = new MessageCache(config.mcacheLength(), config.mcacheGossip(), config.maxCachedMessages());
    this.seen = new SeenCache(config.seenTtl().toMillis(), config.maxSeenMessages());
    this.presence = new MessagePresence(config.presenceMaxMessages(), config.maxIDontWantPerHeartbeat(),
        config.presenceTtlHeartbeats());
    // Spec: seqno must be unique per author; starting at the wall clock in nanoseconds avoids reuse after restarts.
    this.seqno = clock.getAsLong() * 1_000_000L + random.nextInt(1_000_000);
  }

  // ---- peers ----------------------------------------------------------------------------------------------

  public void addPeer(PeerId peer, String protocol) {
    if (peers.containsKey(peer)) {
      return;
    }
    peers.put(peer, new PeerState(protocol));
    Score s = scores.computeIfAbsent(peer, p -> new Score());
    s.disconnectedAt = -1;
    if (!subscriptions.isEmpty()) {
      Outgoing out = out(peer);
      for (String topic : subscriptions.keySet()) {
        out.subscriptions.add(new Rpc.Subscription(true, topic));
      }
    }
    flush();
  }

  public void removePeer(PeerId peer) {
    if (peers.remove(peer) == null) {
      return;
    }
    for (Set<PeerId> m : mesh.values()) {
      meshChanged |= m.remove(peer);
    }
    for (Set<PeerId> f : fanout.values()) {
      f.remove(peer);
    }
    outgoing.remove(peer);
    presence.removePeer(peer);
    publishIDontWantTargets();
    promises.values().removeIf(p -> p.peer().equals(peer));
    Score s = scores.get(peer);
    if (s != null) {
      s.disconnectedAt = clock.getAsLong();
    }
  }

  public Set<PeerId> peers() {
    return Set.copyOf(peers.keySet());
  }

  public Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  public Set<PeerId> topicPeers(String topic) {
    Set<PeerId> out = new HashSet<>();
    peers.forEach((p, st) -> {
      if (st.topics.contains(topic)) {
        out.add(p);
      }
    });
    return out;
  }

  /** The peer's score: P4 and P7 terms of the v1.1 score function. */
  public double score(PeerId peer) {
    Score s = scores.get(peer);
    if (s == null) {
      return 0;
    }
    double excess = Math.max(0, s.behaviourPenalty - config.behaviourPenaltyThreshold());
    // "+ 0.0" turns the -0.0 of a zero counter times a negative weight into 0.0
    return config.invalidMessageWeight() * s.invalidMessages * s.invalidMessages
        + config.behaviourPenaltyWeight() * excess * excess + 0.0;
  }

  // ---- local subscriptions and publishing -----------------------------------------------------------------

  public void setTopicOptions(String topic, TopicOptions options) {
    topicOptions.put(topic, options);
  }

  TopicOptions options(String topic) {
    return topicOptions.getOrDefault(topic, config.defaultTopicOptions());
  }

  /** Joins the topic (v1.0 spec "JOIN"): announce it and build a mesh from fanout peers, then other known peers. */
  public void subscribe(String topic, Subscriber subscriber) {
    boolean fresh = subscriptions.put(topic, subscriber) == null;
    if (!fresh) {
      return;
    }
    for (PeerId p : peers.keySet()) {
      out(p).subscriptions.add(new Rpc.Subscription(true, topic));
    }
    Set<PeerId> m = new HashSet<>();
    Set<PeerId> fan = fanout.remove(topic);
    fanoutLastPublished.remove(topic);
    if (fan != null) {
      for (PeerId p : fan) {
        if (m.size() < config.d() && score(p) >= 0) {
          m.add(p);
        }
      }
    }
    for (PeerId p : shuffled(candidates(topic, m))) {
      if (m.size() >= config.d()) {
        break;
      }
      m.add(p);
    }
    mesh.put(topic, m);
    meshChanged = true;
    for (PeerId p : m) {
      out(p).graft.add(topic);
    }
    flush();
  }

  /** Leaves the topic (v1.0 spec "LEAVE"): announce it and PRUNE the mesh. */
  public void unsubscribe(String topic) {
    if (subscriptions.remove(topic) == null) {
      return;
    }
    for (PeerId p : peers.keySet()) {
      out(p).subscriptions.add(new Rpc.Subscription(false, topic));
    }
    Set<PeerId> m = mesh.remove(topic);
    meshChanged = true;
    if (m != null) {
      for (PeerId p : m) {
        out(p).prune.add(new Rpc.Prune(topic, List.of(), config.unsubscribeBackoff().toSeconds()));
        addBackoff(topic, p, config.unsubscribeBackoff().toMillis());
      }
    }
    flush();
  }

  public Set<String> topics() {
    return Set.copyOf(subscriptions.keySet());
  }

  /** Publishes {@code data} under the topic's signature policy; returns the id and how many peers it went to. */
  public PublishResult publish(String topic, byte[] data) {
    if (data.length > config.maxMessageSize()) {
      throw new IllegalArgumentException("message of " + data.length + " bytes exceeds the gossip limit of "
          + config.maxMessageSize());
    }
    TopicOptions opts = options(topic);
    PubMessage message;
    if (opts.policy() == SignaturePolicy.STRICT_SIGN) {
      byte[] seq = ByteBuffer.allocate(8).putLong(++seqno).array();
      PubMessage unsigned = new PubMessage(localPeerBytes, data, seq, topic, null, null);
      byte[] signature = identity.sign(concat(SIGNING_PREFIX, unsigned.signedContent()));
      message = new PubMessage(localPeerBytes, data, seq, topic, signature, null);
    } else {
      message = new PubMessage(null, data, null, topic, null, null);
    }
    MessageId id = messageId(message);
    message.cacheId(id);
    seen.add(id, clock.getAsLong());
    presence.claim(id, identity.peerId()); // copies that come back are dropped on arrival
    mcache.put(id, message);

    Set<PeerId> recipients = new HashSet<>();
    if (config.floodPublish()) {
      for (Map.Entry<PeerId, PeerState> e : peers.entrySet()) {
        if (e.getValue().topics.contains(topic) && score(e.getKey()) >= config.publishThreshold()) {
          recipients.add(e.getKey());
        }
      }
    }
    if (subscriptions.containsKey(topic)) {
      recipients.addAll(mesh.getOrDefault(topic, Set.of()));
    } else {
      Set<PeerId> fan = fanout.computeIfAbsent(topic, t -> new HashSet<>());
      if (fan.isEmpty()) {
        for (PeerId p : shuffled(candidates(topic, Set.of()))) {
          if (fan.size() >= config.d()) {
            break;
          }
          fan.add(p);
        }
      }
      recipients.addAll(fan);
      fanoutLastPublished.put(topic, clock.getAsLong());
    }
    for (PeerId p : recipients) {
      out(p).publish.add(message);
    }
    flush();
    return new PublishResult(id, recipients.size());
  }

  /** The id and fan-out of a publication. */
  public record PublishResult(MessageId id, int recipients) {}

  // ---- inbound RPC ----------------------------------------------------------------------------------------

  /**
   * The first stage of an RPC from {@code from}, on the thread that decoded it (thread-safe; see the class comment):
   * <ul>
   *   <li>v1.2: each IDONTWANT id is recorded at once (up to {@code max_idontwant_messages} per peer per heartbeat);
   *   <li>each message on a subscribed topic gets its id; a copy of a message already claimed by an earlier copy is a
   *       duplicate and is removed (its sender is recorded as holding it, which is as good as an IDONTWANT);
   *   <li>v1.2: a newly claimed message of at least {@code idontwantMinDataSize} data bytes is announced at once with
   *       IDONTWANT to the topic's v1.2 mesh peers other than the sender ("immediately broadcasts, not queued for
   *       later piggybacking ... prior to the message validation").
   * </ul>
   * Returns what is left for {@link #handleRpc}, or null when nothing is. If the caller then drops that RPC instead,
   * it must {@link #release} it.
   */
  public Rpc admit(PeerId from, Rpc rpc) {
    if (graylisted.contains(from)) {
      return rpc; // the owner ignores it: claiming or announcing its messages would make us miss them from others
    }
    Rpc.Control control = rpc.control();
    if (control != null && !control.idontwant().isEmpty()) {
      for (Rpc.IDontWant d : control.idontwant()) {
        for (MessageId id : d.messageIds()) {
          if (!presence.dontWant(from, id)) {
            LOG.debug("peer {} sent more than {} IDONTWANT ids this heartbeat; ignoring the rest", from,
                config.maxIDontWantPerHeartbeat());
            break;
          }
        }
      }
      Rpc.Control rest = new Rpc.Control(control.ihave(), control.iwant(), control.graft(), control.prune());
      control = rest.isEmpty() ? null : rest;
    }
    List<PubMessage> kept = rpc.publish();
    Map<String, List<MessageId>> announce = null;
    for (int i = 0; i < rpc.publish().size(); i++) {
      PubMessage m = rpc.publish().get(i);
      boolean duplicate = false;
      if (subscriptions.containsKey(m.topic())) { // other topics are the owner's to ignore
        MessageId id = idOrNull(m);
        if (id != null) { // an id that cannot be computed is the owner's to penalise
          m.cacheId(id);
          if (!presence.claim(id, from)) {
            duplicate = true;
          } else if (m.dataLength() >= config.idontwantMinDataSize()) {
            if (announce == null) {
              announce = new HashMap<>();
            }
            announce.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(id);
          }
        }
      }
      if (duplicate && kept == rpc.publish()) {
        kept = new ArrayList<>(rpc.publish().subList(0, i));
      } else if (!duplicate && kept != rpc.publish()) {
        kept.add(m);
      }
    }
    if (announce != null) {
      announceDontWant(from, announce);
    }
    if (kept.isEmpty() && rpc.subscriptions().isEmpty() && control == null) {
      return null;
    }
    return kept == rpc.publish() && control == rpc.control() ? rpc : new Rpc(rpc.subscriptions(), kept, control);
  }

  /** An admitted RPC will not reach {@link #handleRpc}: its messages' claims are given back (thread-safe). */
  public void release(Rpc admitted) {
    for (PubMessage m : admitted.publish()) {
      if (m.cachedId() != null) {
        presence.release(m.cachedId());
      }
    }
  }

  /** The ids of each topic go to the topic's v1.2 mesh peers except the sender. */
  private void announceDontWant(PeerId from, Map<String, List<MessageId>> announce) {
    Map<String, List<PeerId>> targets = idontwantTargets;
    announce.forEach((topic, ids) -> {
      List<PeerId> to = new ArrayList<>(targets.getOrDefault(topic, List.of()));
      to.remove(from);
      if (!to.isEmpty()) {
        output.announceDontWant(to, ids);
      }
    });
  }

  /** Handles an RPC that went through {@link #admit} (owner thread). */
  public void handleRpc(PeerId from, Rpc rpc) {
    PeerState state = peers.get(from);
    if (state == null) {
      release(rpc);
      return;
    }
    if (score(from) < config.graylistThreshold()) {
      LOG.debug("ignoring RPC from graylisted peer {} (score {})", from, score(from));
      release(rpc);
      return;
    }
    for (Rpc.Subscription s : rpc.subscriptions()) {
      onSubscription(from, state, s);
    }
    for (PubMessage m : rpc.publish()) {
      onMessage(from, m);
    }
    if (rpc.control() != null) {
      Rpc.Control c = rpc.control();
      for (Rpc.IHave h : c.ihave()) {
        onIHave(from, state, h);
      }
      for (Rpc.IWant w : c.iwant()) {
        onIWant(from, w);
      }
      for (String topic : c.graft()) {
        onGraft(from, topic);
      }
      for (Rpc.Prune p : c.prune()) {
        onPrune(from, p);
      }
    }
    flush();
  }

  private void onSubscription(PeerId from, PeerState state, Rpc.Subscription s) {
    if (s.subscribe()) {
      if (state.topics.size() < 1024) { // a bound on per-peer state; no honest peer needs more topics
        state.topics.add(s.topic());
      }
    } else {
      state.topics.remove(s.topic());
      Set<PeerId> m = mesh.get(s.topic());
      if (m != null) {
        meshChanged |= m.remove(from);
      }
      Set<PeerId> f = fanout.get(s.topic());
      if (f != null) {
        f.remove(from);
      }
    }
  }

  private void onMessage(PeerId from, PubMessage m) {
    Subscriber subscriber = subscriptions.get(m.topic());
    if (subscriber == null) {
      return; // not our topic: we neither deliver nor forward it
    }
    MessageId id = m.cachedId();
    if (id == null) {
      try {
        id = messageId(m);
      } catch (WireFormatException e) {
        penaliseInvalid(from, m.topic(), e.getMessage());
        return;
      }
    }
    promises.remove(id);
    if (!seen.add(id, clock.getAsLong())) {
      return;
    }
    PeerId author;
    try {
      author = checkSignaturePolicy(m);
    } catch (WireFormatException e) {
      penaliseInvalid(from, m.topic(), e.getMessage());
      return;
    }
    GossipMessage message = new GossipMessage(m.topic(), m.data(), id, author, from);
    ValidationResult verdict;
    try {
      verdict = subscriber.validate(message);
    } catch (RuntimeException e) {
      LOG.warn("validator for topic {} threw on message {} from {}; ignoring the message: {}", m.topic(), id, from,
          e.toString());
      verdict = ValidationResult.IGNORE;
    }
    switch (verdict) {
      case REJECT -> penaliseInvalid(from, m.topic(), "rejected by the topic validator");
      case IGNORE -> LOG.debug("message {} on {} from {} ignored by the validator", id, m.topic(), from);
      case ACCEPT -> {
        mcache.put(id, m);
        for (PeerId p : mesh.getOrDefault(m.topic(), Set.of())) {
          // v1.2: skip peers that sent IDONTWANT for it; likewise peers that sent us a copy meanwhile
          if (!p.equals(from) && !p.equals(author) && !presence.holds(id, p)) {
            out(p).publish.add(m);
          }
        }
        try {
          subscriber.deliver(message);
        } catch (RuntimeException e) {
          LOG.warn("handler for topic {} failed on message {}: {}", m.topic(), id, e.toString());
        }
      }
    }
  }

  private void penaliseInvalid(PeerId from, String topic, String reason) {
    Score s = scores.computeIfAbsent(from, p -> new Score());
    s.invalidMessages += 1;
    refreshGraylist();
    LOG.debug("invalid message on {} from {}: {} (score now {})", topic, from, reason, score(from));
  }

  private void penaliseBehaviour(PeerId from, String reason) {
    Score s = scores.computeIfAbsent(from, p -> new Score());
    s.behaviourPenalty += 1;
    refreshGraylist();
    LOG.debug("behaviour penalty for {}: {} (score now {})", from, reason, score(from));
  }

  /** The message id under the topic's policy: author ‖ seqno (StrictSign) or the topic's content function. */
  MessageId messageId(PubMessage m) {
    MessageId id = idOrNull(m);
    if (id == null) {
      throw new WireFormatException("StrictSign message without from/seqno");
    }
    return id;
  }

  /** {@link #messageId}, or null for a StrictSign message without from/seqno. Thread-safe. */
  private MessageId idOrNull(PubMessage m) {
    TopicOptions opts = options(m.topic());
    if (opts.policy() == SignaturePolicy.STRICT_NO_SIGN) {
      return MessageId.wrap(opts.contentId().apply(m.data()).clone());
    }
    if (m.from() == null || m.seqno() == null) {
      return null;
    }
    return MessageId.wrap(concat(m.from(), m.seqno()));
  }

  /** Applies the topic's signature policy; returns the verified author (or null under StrictNoSign). */
  private PeerId checkSignaturePolicy(PubMessage m) {
    if (options(m.topic()).policy() == SignaturePolicy.STRICT_NO_SIGN) {
      if (m.from() != null || m.seqno() != null || m.signature() != null || m.key() != null) {
        throw new WireFormatException("StrictNoSign message carries from/seqno/signature/key");
      }
      return null;
    }
    if (m.signature() == null) {
      throw new WireFormatException("StrictSign message without a signature");
    }
    PeerId author = PeerId.fromBytes(m.from());
    PublicKey key;
    if (m.key() != null) {
      key = PublicKey.fromProtobuf(m.key());
      if (!author.matches(key)) {
        throw new WireFormatException("message key does not belong to its author " + author);
      }
    } else {
      key = authorKeys.get(author);
      if (key == null) {
        key = author.publicKey().orElseThrow(() ->
            new WireFormatException("message from " + author + " has no key and the peer id does not inline one"));
        authorKeys.put(author, key);
      }
    }
    if (!key.verify(concat(SIGNING_PREFIX, m.signedContent()), m.signature())) {
      throw new WireFormatException("bad message signature from " + author);
    }
    return author;
  }

  private void onIHave(PeerId from, PeerState state, Rpc.IHave ihave) {
    // v1.1: no gossip from peers below the gossip threshold, and bounded IHAVE processing per heartbeat.
    if (score(from) < config.gossipThreshold() || ++state.ihaveReceived > config.maxIHaveMessages()) {
      return;
    }
    if (!subscriptions.containsKey(ihave.topic())) {
      return;
    }
    Outgoing out = null;
    for (MessageId id : ihave.messageIds()) {
      if (state.idsAsked >= config.maxIHaveLength()) {
        break;
      }
      if (!seen.contains(id) && !promises.containsKey(id)) {
        if (out == null) {
          out = out(from);
        }
        if (!out.iwant.contains(id)) {
          out.iwant.add(id);
          state.idsAsked++;
          promises.put(id, new Promise(from, clock.getAsLong() + IWANT_FOLLOWUP_MILLIS));
        }
      }
    }
  }

  private void onIWant(PeerId from, Rpc.IWant iwant) {
    if (score(from) < config.gossipThreshold()) {
      return;
    }
    for (MessageId id : iwant.messageIds()) {
      PubMessage m = mcache.getForPeer(id, from, config.gossipRetransmission());
      if (m != null) {
        out(from).publish.add(m);
      }
    }
  }

  private void onGraft(PeerId from, String topic) {
    if (!subscriptions.containsKey(topic)) {
      out(from).prune.add(pruneFor(topic, from, false)); // v1.1: reject GRAFTs for topics we are not in
      return;
    }
    Set<PeerId> m = mesh.computeIfAbsent(topic, t -> new HashSet<>());
    if (m.contains(from)) {
      return;
    }
    Long until = backoff.getOrDefault(topic, Map.of()).get(from);
    if (until != null && until > clock.getAsLong()) {
      // v1.1: a GRAFT during backoff is a protocol violation (P7) and refreshes the backoff.
      penaliseBehaviour(from, "GRAFT on " + topic + " during backoff");
      out(from).prune.add(pruneFor(topic, from, false));
      addBackoff(topic, from, config.pruneBackoff().toMillis());
      return;
    }
    if (score(from) < 0) {
      out(from).prune.add(pruneFor(topic, from, false));
      addBackoff(topic, from, config.pruneBackoff().toMillis());
      return;
    }
    m.add(from); // oversubscription is trimmed at the next heartbeat
    meshChanged = true;
  }

  private void onPrune(PeerId from, Rpc.Prune prune) {
    Set<PeerId> m = mesh.get(prune.topic());
    if (m != null) {
      meshChanged |= m.remove(from);
    }
    long backoffMillis = prune.backoffSeconds() > 0 ? prune.backoffSeconds() * 1000 : config.pruneBackoff().toMillis();
    addBackoff(prune.topic(), from, backoffMillis);
    if (!prune.peers().isEmpty() && score(from) >= 0) {
      List<PeerId> px = new ArrayList<>();
      for (Rpc.PrunePeer p : prune.peers()) {
        if (p.peerId() == null || px.size() >= config.prunePeers()) {
          continue;
        }
        try {
          px.add(PeerId.fromBytes(p.peerId()));
        } catch (WireFormatException e) {
          LOG.debug("ignoring malformed PX peer id from {}", from);
        }
      }
      if (!px.isEmpty()) {
        output.peerExchange(prune.topic(), px);
      }
    }
  }

  private Rpc.Prune pruneFor(String topic, PeerId pruned, boolean withPeerExchange) {
    List<Rpc.PrunePeer> px = new ArrayList<>();
    PeerState st = peers.get(pruned);
    if (withPeerExchange && st != null && !MESHSUB_V10.equals(st.protocol)) { // PX is v1.1+
      for (PeerId p : shuffled(new ArrayList<>(mesh.getOrDefault(topic, Set.of())))) {
        if (px.size() >= config.prunePeers()) {
          break;
        }
        if (!p.equals(pruned) && score(p) >= 0) {
          px.add(new Rpc.PrunePeer(p.bytes(), null));
        }
      }
    }
    // v1.0 peers do not understand backoff/PX, but unknown fields are skipped by protobuf.
    return new Rpc.Prune(topic, px, config.pruneBackoff().toSeconds());
  }

  private void addBackoff(String topic, PeerId peer, long millis) {
    backoff.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, clock.getAsLong() + millis, Math::max);
  }

  // ---- heartbeat ------------------------------------------------------------------------------------------

  /** The periodic maintenance of the v1.0/v1.1 specs: scores, mesh, fanout, gossip, caches. */
  public void heartbeat() {
    long now = clock.getAsLong();
    decayScores(now);
    refreshGraylist();
    penaliseBrokenPromises(now);
    for (PeerState st : peers.values()) {
      st.ihaveReceived = 0;
      st.idsAsked = 0;
    }
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      maintainMesh(e.getKey(), e.getValue());
    }
    maintainFanout(now);
    emitGossip();
    expireBackoff(now);
    mcache.shift();
    seen.expire(now);
    presence.heartbeat();
    meshChanged = true; // maintenance may have changed any mesh
    flush();
  }

  private void maintainMesh(String topic, Set<PeerId> m) {
    for (Iterator<PeerId> it = m.iterator(); it.hasNext(); ) {
      PeerId p = it.next();
      if (score(p) < 0) {
        it.remove();
        out(p).prune.add(pruneFor(topic, p, false));
        addBackoff(topic, p, config.pruneBackoff().toMillis());
      }
    }
    if (m.size() < config.dLo()) {
      for (PeerId p : shuffled(candidates(topic, m))) {
        if (m.size() >= config.d()) {
          break;
        }
        m.add(p);
        out(p).graft.add(topic);
      }
    }
    if (m.size() > config.dHi()) {
      // v1.1: keep the D_score best-scoring peers, fill up to D at random, prune the rest with peer exchange.
      List<PeerId> ordered = shuffled(new ArrayList<>(m));
      ordered.sort(Comparator.comparingDouble(this::score).reversed());
      List<PeerId> keep = new ArrayList<>(ordered.subList(0, config.dScore()));
      List<PeerId> rest = shuffled(new ArrayList<>(ordered.subList(config.dScore(), ordered.size())));
      keep.addAll(rest.subList(0, config.d() - config.dScore()));
      List<PeerId> pruned = new ArrayList<>(ordered);
      pruned.removeAll(keep);
      m.removeAll(pruned); // before building PX, so that PX only offers peers that stay
      for (PeerId p : pruned) {
        out(p).prune.add(pruneFor(topic, p, true));
        addBackoff(topic, p, config.pruneBackoff().toMillis());
      }
    }
  }

  private void maintainFanout(long now) {
    for (Iterator<Map.Entry<String, Long>> it = fanoutLastPublished.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (e.getValue() + config.fanoutTtl().toMillis() < now) {
        fanout.remove(e.getKey());
        it.remove();
      }
    }
    for (Map.Entry<String, Set<PeerId>> e : fanout.entrySet()) {
      Set<PeerId> f = e.getValue();
      f.removeIf(p -> !peers.containsKey(p) || !peers.get(p).topics.contains(e.getKey())
          || score(p) < config.publishThreshold());
      if (f.size() < config.d()) {
        for (PeerId p : shuffled(candidates(e.getKey(), f))) {
          if (f.size() >= config.d()) {
            break;
          }
          f.add(p);
        }
      }
    }
  }

  private void emitGossip() {
    Map<String, Set<PeerId>> gossipTopics = new HashMap<>(mesh);
    gossipTopics.putAll(fanout);
    for (Map.Entry<String, Set<PeerId>> e : gossipTopics.entrySet()) {
      List<PeerId> targets = new ArrayList<>();
      for (Map.Entry<PeerId, PeerState> p : peers.entrySet()) {
        if (p.getValue().topics.contains(e.getKey()) && !e.getValue().contains(p.getKey())
            && score(p.getKey()) >= config.gossipThreshold()) {
          targets.add(p.getKey());
        }
      }
      if (targets.isEmpty()) {
        continue; // every subscribed peer is in the mesh: no one to gossip to (and no need to list the cache)
      }
      List<MessageId> ids = mcache.gossipIds(e.getKey());
      if (ids.isEmpty()) {
        continue;
      }
      int count = Math.max(config.dLazy(), (int) (config.gossipFactor() * targets.size()));
      List<MessageId> advertised = ids.size() > config.maxIHaveLength()
          ? shuffled(new ArrayList<>(ids)).subList(0, config.maxIHaveLength()) : ids;
      for (PeerId p : shuffled(targets).subList(0, Math.min(count, targets.size()))) {
        out(p).ihave.add(new Rpc.IHave(e.getKey(), advertised));
      }
    }
  }

  private void decayScores(long now) {
    for (Iterator<Map.Entry<PeerId, Score>> it = scores.entrySet().iterator(); it.hasNext(); ) {
      Score s = it.next().getValue();
      s.invalidMessages = decay(s.invalidMessages);
      s.behaviourPenalty = decay(s.behaviourPenalty);
      boolean retained = s.disconnectedAt >= 0 && s.disconnectedAt + config.retainScore().toMillis() > now;
      if (s.disconnectedAt >= 0 && (!retained || (s.invalidMessages == 0 && s.behaviourPenalty == 0))) {
        it.remove();
      }
    }
  }

  /** v1.1: a peer that advertised a message in IHAVE and did not deliver it after our IWANT gets a P7 penalty. */
  private void penaliseBrokenPromises(long now) {
    Set<PeerId> broken = new HashSet<>();
    for (Iterator<Promise> it = promises.values().iterator(); it.hasNext(); ) {
      Promise p = it.next();
      if (p.deadline() <= now) {
        it.remove();
        if (peers.containsKey(p.peer())) {
          broken.add(p.peer());
        }
      }
    }
    for (PeerId p : broken) {
      penaliseBehaviour(p, "did not deliver messages it advertised in IHAVE");
    }
  }

  private double decay(double v) {
    double d = v * config.scoreDecay();
    return d < 0.01 ? 0 : d; // the spec's decayToZero
  }

  private void expireBackoff(long now) {
    for (Iterator<Map<PeerId, Long>> it = backoff.values().iterator(); it.hasNext(); ) {
      Map<PeerId, Long> m = it.next();
      m.values().removeIf(until -> until <= now);
      if (m.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Peers subscribed to {@code topic}, not excluded, not backing off, with a non-negative score. */
  private List<PeerId> candidates(String topic, Set<PeerId> exclude) {
    long now = clock.getAsLong();
    Map<PeerId, Long> bo = backoff.getOrDefault(topic, Map.of());
    List<PeerId> out = new ArrayList<>();
    for (Map.Entry<PeerId, PeerState> e : peers.entrySet()) {
      PeerId p = e.getKey();
      Long until = bo.get(p);
      if (e.getValue().topics.contains(topic) && !exclude.contains(p) && (until == null || until <= now)
          && score(p) >= 0) {
        out.add(p);
      }
    }
    return out;
  }

  // ---- output ---------------------------------------------------------------------------------------------

  private Outgoing out(PeerId peer) {
    return outgoing.computeIfAbsent(peer, p -> new Outgoing());
  }

  /** Sends everything queued during the current call, one RPC per peer (control piggybacks on messages). */
  private void flush() {
    if (meshChanged) {
      publishIDontWantTargets();
    }
    if (outgoing.isEmpty()) {
      return;
    }
    List<Map.Entry<PeerId, Outgoing>> batch = new ArrayList<>(outgoing.entrySet());
    outgoing.clear();
    for (Map.Entry<PeerId, Outgoing> e : batch) {
      if (!peers.containsKey(e.getKey())) {
        continue;
      }
      Outgoing o = e.getValue();
      List<Rpc.IWant> iwant = o.iwant.isEmpty() ? List.of() : List.of(new Rpc.IWant(o.iwant));
      Rpc.Control control = new Rpc.Control(o.ihave, iwant, o.graft, o.prune);
      // Split the messages so that no RPC exceeds the size limit; the first RPC carries subscriptions and control.
      int budget = config.maxMessageSize() - 64 * 1024;
      List<PubMessage> chunk = new ArrayList<>();
      int size = 0;
      boolean first = true;
      for (PubMessage m : o.publish) {
        int len = m.encoded().length + 8;
        if (!chunk.isEmpty() && size + len > budget) {
          output.send(e.getKey(), first ? new Rpc(o.subscriptions, chunk, control.isEmpty() ? null : control)
              : new Rpc(List.of(), chunk, null));
          first = false;
          chunk = new ArrayList<>();
          size = 0;
        }
        chunk.add(m);
        size += len;
      }
      if (first) {
        Rpc rpc = new Rpc(o.subscriptions, chunk, control.isEmpty() ? null : control);
        if (!rpc.isEmpty()) {
          output.send(e.getKey(), rpc);
        }
      } else if (!chunk.isEmpty()) {
        output.send(e.getKey(), new Rpc(List.of(), chunk, null));
      }
    }
  }

  private void refreshGraylist() {
    Set<PeerId> below = new HashSet<>();
    for (PeerId p : scores.keySet()) {
      if (score(p) < config.graylistThreshold()) {
        below.add(p);
      }
    }
    if (!below.equals(graylisted)) {
      graylisted = Set.copyOf(below);
    }
  }

  /** Rebuilds the snapshot {@link #admit} reads: each topic's mesh peers that speak v1.2. */
  private void publishIDontWantTargets() {
    meshChanged = false;
    Map<String, List<PeerId>> targets = new HashMap<>();
    mesh.forEach((topic, members) -> {
      List<PeerId> v12 = new ArrayList<>();
      for (PeerId p : members) {
        PeerState st = peers.get(p);
        if (st != null && MESHSUB_V12.equals(st.protocol)) {
          v12.add(p);
        }
      }
      targets.put(topic, List.copyOf(v12));
    });
    idontwantTargets = Map.copyOf(targets);
  }

  private <T> List<T> shuffled(List<T> list) {
    Collections.shuffle(list, random);
    return list;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  int seenSize() {
    return seen.size();
  }

  int cacheSize() {
    return mcache.size();
  }
}
