package io.veritas.chain.p2p.gossip;

import java.time.Duration;

/**
 * Gossipsub parameters; defaults follow the gossipsub v1.0/v1.1 specs. Scoring is a reduced form of the v1.1
 * score function: P4 (invalid messages) and P7 (behaviour penalty), each counter squared and weighted, decayed
 * every heartbeat.
 *
 * @param d target mesh degree (D)
 * @param dLo lower bound before grafting (D_lo)
 * @param dHi upper bound before pruning (D_hi)
 * @param dLazy peers to gossip IHAVE to (D_lazy)
 * @param dScore peers kept by score when pruning an oversubscribed mesh (D_score)
 * @param mcacheLength history windows kept for IWANT (mcache_len)
 * @param mcacheGossip windows advertised in IHAVE (mcache_gossip)
 * @param maxMessageSize largest RPC accepted or sent
 * @param idontwantMinDataSize gossipsub v1.2: messages with at least this many data bytes are announced with
 *     IDONTWANT to the mesh as soon as they arrive (smaller ones cost more in IDONTWANTs than they save)
 * @param maxIDontWantPerHeartbeat gossipsub v1.2 {@code max_idontwant_messages}: message ids accepted by IDONTWANT
 *     from one peer per heartbeat (the rest are ignored, which the spec allows)
 * @param presenceMaxMessages most recent message ids whose holders are tracked (bounds that memory)
 * @param presenceTtlHeartbeats heartbeats a message's holders are remembered (duplicates arrive within moments)
 */
public record GossipConfig(int d, int dLo, int dHi, int dLazy, int dScore, Duration heartbeatInterval,
    Duration fanoutTtl, int mcacheLength, int mcacheGossip, Duration seenTtl, Duration pruneBackoff,
    Duration unsubscribeBackoff, int prunePeers, boolean floodPublish, double gossipFactor, int maxIHaveLength,
    int maxIHaveMessages, int gossipRetransmission, int maxMessageSize, int maxSeenMessages, int maxCachedMessages,
    double invalidMessageWeight, double behaviourPenaltyWeight, double behaviourPenaltyThreshold, double scoreDecay,
    double gossipThreshold, double publishThreshold, double graylistThreshold, Duration retainScore,
    TopicOptions defaultTopicOptions, int idontwantMinDataSize, int maxIDontWantPerHeartbeat, int presenceMaxMessages,
    int presenceTtlHeartbeats) {

  public GossipConfig {
    if (!(dLo <= d && d <= dHi) || dLo < 1 || dLazy < 0 || dScore < 0 || dScore > d) {
      throw new IllegalArgumentException("need 1 <= D_lo <= D <= D_hi and D_score <= D, got D=" + d + " D_lo=" + dLo
          + " D_hi=" + dHi + " D_score=" + dScore);
    }
    if (mcacheGossip > mcacheLength || mcacheGossip < 1) {
      throw new IllegalArgumentException("need 1 <= mcache_gossip <= mcache_len, got " + mcacheGossip + ", " + mcacheLength);
    }
    if (!(graylistThreshold <= publishThreshold && publishThreshold <= gossipThreshold && gossipThreshold <= 0)) {
      throw new IllegalArgumentException("need graylist <= publish <= gossip <= 0 thresholds");
    }
    if (invalidMessageWeight > 0 || behaviourPenaltyWeight > 0) {
      throw new IllegalArgumentException("penalty weights must be negative or zero");
    }
    if (idontwantMinDataSize < 0 || maxIDontWantPerHeartbeat < 0 || presenceMaxMessages < 1 || presenceTtlHeartbeats < 1) {
      throw new IllegalArgumentException("need IDONTWANT min size >= 0, IDONTWANT limit >= 0, presence size >= 1 and TTL"
          + " >= 1; got " + idontwantMinDataSize + ", " + maxIDontWantPerHeartbeat + ", " + presenceMaxMessages + ", "
          + presenceTtlHeartbeats);
    }
  }

  public static GossipConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the spec defaults. */
  public static final class Builder {
    private int d = 6;
    private int dLo = 4;
    private int dHi = 12;
    private int dLazy = 6;
    private int dScore = 4;
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration fanoutTtl = Duration.ofSeconds(60);
    private int mcacheLength = 5;
    private int mcacheGossip = 3;
    private Duration seenTtl = Duration.ofMinutes(2);
    private Duration pruneBackoff = Duration.ofMinutes(1);
    private boolean floodPublish = true;
    private int maxMessageSize = 1 << 20;
    private double graylistThreshold = -80;
    private TopicOptions defaultTopicOptions = TopicOptions.strictSign();
    private int idontwantMinDataSize = 512;
    private int maxIDontWantPerHeartbeat = 5000;

    public Builder d(int d, int dLo, int dHi, int dLazy) {
      this.d = d;
      this.dLo = dLo;
      this.dHi = dHi;
      this.dLazy = dLazy;
      this.dScore = Math.min(this.dScore, d);
      return this;
    }

    public Builder heartbeatInterval(Duration v) {
      this.heartbeatInterval = v;
      return this;
    }

    public Builder fanoutTtl(Duration v) {
      this.fanoutTtl = v;
      return this;
    }

    public Builder messageCache(int length, int gossip) {
      this.mcacheLength = length;
      this.mcacheGossip = gossip;
      return this;
    }

    public Builder seenTtl(Duration v) {
      this.seenTtl = v;
      return this;
    }

    public Builder pruneBackoff(Duration v) {
      this.pruneBackoff = v;
      return this;
    }

    public Builder floodPublish(boolean v) {
      this.floodPublish = v;
      return this;
    }

    public Builder maxMessageSize(int v) {
      this.maxMessageSize = v;
      return this;
    }

    public Builder graylistThreshold(double v) {
      this.graylistThreshold = v;
      return this;
    }

    public Builder defaultTopicOptions(TopicOptions v) {
      this.defaultTopicOptions = v;
      return this;
    }

    /** Gossipsub v1.2: announce messages of at least {@code minDataSize} bytes; accept {@code maxPerHeartbeat} ids. */
    public Builder idontwant(int minDataSize, int maxPerHeartbeat) {
      this.idontwantMinDataSize = minDataSize;
      this.maxIDontWantPerHeartbeat = maxPerHeartbeat;
      return this;
    }

    public GossipConfig build() {
      return new GossipConfig(d, dLo, dHi, dLazy, dScore, heartbeatInterval, fanoutTtl, mcacheLength, mcacheGossip,
          seenTtl, pruneBackoff, Duration.ofSeconds(10), 16, floodPublish, 0.25, 5000, 10, 3, maxMessageSize, 200_000,
          50_000, -10, -1, 1, 0.9, -10, -50, graylistThreshold, Duration.ofMinutes(10), defaultTopicOptions,
          idontwantMinDataSize, maxIDontWantPerHeartbeat, 65_536, 3);
    }
  }
}
