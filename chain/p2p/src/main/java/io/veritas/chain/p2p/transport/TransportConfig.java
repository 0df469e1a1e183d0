package io.veritas.chain.p2p.transport;

import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.yamux.YamuxConfig;
import java.time.Duration;

/** Settings for the TCP/Noise/yamux connection stack. */
public record TransportConfig(PrivateKey identity, YamuxConfig yamux, Duration handshakeTimeout, int ioThreads) {
  public TransportConfig {
    if (identity == null || yamux == null || handshakeTimeout == null) {
      throw new IllegalArgumentException("identity, yamux and handshakeTimeout are required");
    }
    if (ioThreads <= 0) {
      throw new IllegalArgumentException("ioThreads must be positive, got " + ioThreads);
    }
  }
}
