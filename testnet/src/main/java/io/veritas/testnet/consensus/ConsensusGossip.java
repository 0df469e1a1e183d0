package io.veritas.testnet.consensus;

import io.veritas.chain.p2p.gossip.GossipMessage;
import io.veritas.chain.p2p.gossip.TopicOptions;
import io.veritas.chain.p2p.gossip.ValidationResult;
import io.veritas.chain.p2p.host.Host;
import io.veritas.consensus.service.ConsensusMessage;
import io.veritas.consensus.service.ConsensusMessage.ProposalMessage;
import io.veritas.consensus.service.ConsensusMessage.VoteMessage;
import io.veritas.consensus.service.ConsensusMessages;
import io.veritas.consensus.service.ConsensusNetwork;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.VoteVerifier;
import io.veritas.consensus.service.ConsensusService;
import io.veritas.consensus.service.ConsensusService.Verdict;
import io.veritas.consensus.service.ValidatorSchedule;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus on libp2p gossip: votes on {@code /veritas/<chainId>/vote/1}, proposals (each with its full block) on
 * {@code /veritas/<chainId>/proposal/1}, both in {@link ConsensusMessages}' wire form, content-addressed and unsigned
 * at the gossip layer (the payloads carry validator signatures). Every message is checked before it is forwarded:
 * malformed, oversized, signed by a non-validator or badly signed → REJECT (the sender is penalised); stale or too far
 * ahead to check → IGNORE.
 *
 * <p>A re-proposal (Algorithm 1 line 16: a round's proposer proposes its {@code validValue}, {@code validRound >= 0})
 * carries a block built by the proposer of an earlier round, so its header's proposer is not the proposal's signer.
 * {@link ConsensusService#check} refuses such a block; here a re-proposal is admitted when its signer is the height's
 * validator and signed it, the block is the one it names at its height, and the block's builder is a validator of the
 * height. Without this, one round that ends with a polka but no decision stalls the height for good: every later
 * proposer re-proposes that value and every node rejects it.
 */
public final class ConsensusGossip implements ConsensusNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusGossip.class);
  /** The gossip layer's message limit; a proposal carries a whole block. */
  public static final int MAX_PROPOSAL_BYTES = 1 << 20;

  private final Host host;
  private final long chainId;
  private final ValidatorSchedule schedule;
  private final VoteVerifier verifier;
  private final String voteTopic;
  private final String proposalTopic;
  /** Re-broadcasts of one signed message must differ on the wire; a per-process start value keeps restarts apart. */
  private final AtomicLong nonce = new AtomicLong(System.nanoTime() & Long.MAX_VALUE);
  private volatile ConsensusService service;

  public ConsensusGossip(Host host, long chainId, ValidatorSchedule schedule, VoteVerifier verifier) {
    this.host = host;
    this.chainId = chainId;
    this.schedule = schedule;
    this.verifier = verifier;
    this.voteTopic = voteTopic(chainId);
    this.proposalTopic = proposalTopic(chainId);
  }

  public static String voteTopic(long chainId) {
    return "/veritas/" + chainId + "/vote/1";
  }

  public static String proposalTopic(long chainId) {
    return "/veritas/" + chainId + "/proposal/1";
  }

  /** Subscribes both topics; received messages go to {@code consensus}. */
  public void start(ConsensusService consensus) {
    this.service = consensus;
    TopicOptions contentAddressed = TopicOptions.strictNoSignSha256();
    host.gossip().subscribe(voteTopic, contentAddressed, this::validateVote, m -> { });
    host.gossip().subscribe(proposalTopic, contentAddressed, this::validateProposal, m -> { });
  }

  @Override
  public void broadcast(ConsensusMessage message) {
    long n = nonce.incrementAndGet() & Long.MAX_VALUE;
    switch (message) {
      case VoteMessage vm -> publish(voteTopic, ConsensusMessages.encodeVote(vm.vote(), n));
      case ProposalMessage pm -> publish(proposalTopic, ConsensusMessages.encodeProposal(pm, n));
    }
  }

  private void publish(String topic, Bytes bytes) {
    host.gossip().publish(topic, bytes.toArrayUnsafe()).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("consensus message not published on {}: {}", topic, e.getMessage());
      }
    });
  }

  private ValidationResult validateVote(GossipMessage message) {
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
    Verdict verdict = consensus.check(decoded);
    if (verdict == Verdict.REJECT && decoded instanceof ProposalMessage pm && isValidReProposal(pm)) {
      verdict = Verdict.ACCEPT;
    }
    return switch (verdict) {
      case ACCEPT -> {
        consensus.submit(decoded);
        yield ValidationResult.ACCEPT;
      }
      case IGNORE -> ValidationResult.IGNORE;
      case REJECT -> {
        LOG.warn("rejected consensus message from peer={}: {}", message.receivedFrom(), decoded);
        yield ValidationResult.REJECT;
      }
    };
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
}
