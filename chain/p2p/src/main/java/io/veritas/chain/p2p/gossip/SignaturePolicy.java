package io.veritas.chain.p2p.gossip;

/** The pubsub message signing policies (pubsub README, "Signature Policy Options"). */
public enum SignaturePolicy {
  /** Messages carry from, seqno and a signature by the author (js-libp2p's default). */
  STRICT_SIGN,
  /** Messages carry none of from, seqno, signature, key; ids come from the content. */
  STRICT_NO_SIGN
}
