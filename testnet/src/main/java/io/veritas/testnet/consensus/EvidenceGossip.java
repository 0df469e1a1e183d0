package io.veritas.testnet.consensus;

import io.veritas.chain.p2p.gossip.GossipMessage;
import io.veritas.chain.p2p.gossip.TopicOptions;
import io.veritas.chain.p2p.gossip.ValidationResult;
import io.veritas.chain.p2p.host.Host;
import io.veritas.consensus.evidence.EvidencePool;
import io.veritas.consensus.evidence.EvidencePool.AddResult;
import io.veritas.consensus.message.DoubleSignEvidence;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Double-sign evidence on {@code /veritas/<chainId>/evidence/1} (content-addressed, unsigned at the gossip layer: the
 * evidence carries the offender's own signatures), in {@link DoubleSignEvidence}'s canonical encoding. What this node
 * detects and what peers send goes into the {@link EvidencePool}, from which the proposer includes it; a message is
 * forwarded only when the pool took it (new and signed by the validator it names), and its sender penalised only for
 * forged or impossible evidence.
 */
public final class EvidenceGossip {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceGossip.class);

  private final Host host;
  private final String topic;
  private final EvidencePool pool;
  private final LongSupplier currentHeight;

  /** @param currentHeight the height the chain works on (head + 1) */
  public EvidenceGossip(Host host, long chainId, EvidencePool pool, LongSupplier currentHeight) {
    this.host = host;
    this.topic = topic(chainId);
    this.pool = pool;
    this.currentHeight = currentHeight;
  }

  public static String topic(long chainId) {
    return "/veritas/" + chainId + "/evidence/1";
  }

  public void start() {
    host.gossip().subscribe(topic, TopicOptions.strictNoSignSha256(), this::validate, m -> { });
  }

  /** Evidence this node found: pooled and gossiped unless the pool already knows it. */
  public void report(DoubleSignEvidence evidence) {
    AddResult result = pool.add(evidence, currentHeight.getAsLong());
    if (result != AddResult.ADDED) {
      LOG.debug("evidence against {} at height {} not pooled: {}", evidence.validator(), evidence.height(), result);
      return;
    }
    LOG.warn("evidence: validator {} double-signed at height {}: {} and {}", evidence.validator(), evidence.height(),
        evidence.voteA(), evidence.voteB());
    host.gossip().publish(topic, evidence.encoded().toArrayUnsafe()).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("evidence not published: {}", e.getMessage());
      }
    });
  }

  private ValidationResult validate(GossipMessage message) {
    if (message.data().length > DoubleSignEvidence.MAX_ENCODED_BYTES) {
      return ValidationResult.REJECT;
    }
    DoubleSignEvidence evidence;
    try {
      evidence = DoubleSignEvidence.decode(Bytes.wrap(message.data()));
    } catch (RuntimeException e) {
      LOG.debug("rejected evidence from={} reason={}", message.receivedFrom(), e.getMessage());
      return ValidationResult.REJECT;
    }
    AddResult result = pool.add(evidence, currentHeight.getAsLong());
    if (result == AddResult.ADDED) {
      LOG.warn("evidence from peer={}: validator {} double-signed at height {}", message.receivedFrom(),
          evidence.validator(), evidence.height());
    }
    return switch (result.gossipVerdict()) {
      case ACCEPT -> ValidationResult.ACCEPT;
      case IGNORE -> ValidationResult.IGNORE;
      case REJECT -> ValidationResult.REJECT;
    };
  }
}
