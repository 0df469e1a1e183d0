package io.veritas.chain.p2p.host;

import io.veritas.chain.p2p.gossip.GossipConfig;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.p2p.yamux.YamuxConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings for a {@link Host}.
 *
 * @param listenAddrs TCP addresses to bind ({@code /ip4/0.0.0.0/tcp/9000}); port 0 picks a free port
 * @param maxPeers connections to more distinct peers than this are refused
 */
public record HostConfig(PrivateKey identity, List<Multiaddr> listenAddrs, int maxPeers, String agentVersion,
    GossipConfig gossip, YamuxConfig yamux, Duration handshakeTimeout, Duration requestTimeout, int ioThreads) {
  public HostConfig {
    if (identity == null) {
      throw new IllegalArgumentException("a host needs an identity key");
    }
    listenAddrs = List.copyOf(listenAddrs);
    if (maxPeers < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("maxPeers and ioThreads must be positive, got " + maxPeers + ", " + ioThreads);
    }
  }

  public static Builder builder(PrivateKey identity) {
    return new Builder(identity);
  }

  /** Builder with defaults: no listen address, 50 peers, spec gossip parameters, 2 I/O threads. */
  public static final class Builder {
    private final PrivateKey identity;
    private final List<Multiaddr> listenAddrs = new ArrayList<>();
    private int maxPeers = 50;
    private String agentVersion = "veritas/0.1.0";
    private GossipConfig gossip = GossipConfig.defaults();
    private YamuxConfig yamux = YamuxConfig.defaults();
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int ioThreads = 2;

    private Builder(PrivateKey identity) {
      this.identity = identity;
    }

    public Builder listen(Multiaddr addr) {
      listenAddrs.add(addr);
      return this;
    }

    public Builder listen(String addr) {
      return listen(Multiaddr.parse(addr));
    }

    public Builder maxPeers(int v) {
      maxPeers = v;
      return this;
    }

    public Builder agentVersion(String v) {
      agentVersion = v;
      return this;
    }

    public Builder gossip(GossipConfig v) {
      gossip = v;
      return this;
    }

    public Builder yamux(YamuxConfig v) {
      yamux = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      handshakeTimeout = v;
      return this;
    }

    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    public Builder ioThreads(int v) {
      ioThreads = v;
      return this;
    }

    public HostConfig build() {
      return new HostConfig(identity, listenAddrs, maxPeers, agentVersion, gossip, yamux, handshakeTimeout,
          requestTimeout, ioThreads);
    }
  }
}
