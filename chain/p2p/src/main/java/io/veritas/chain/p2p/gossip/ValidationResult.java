package io.veritas.chain.p2p.gossip;

/** The application's verdict on a received message (gossipsub v1.1 extended validators). */
public enum ValidationResult {
  /** Valid: deliver and forward. */
  ACCEPT,
  /** Not forwarded, sender not penalised (e.g. stale but not malicious). */
  IGNORE,
  /** Invalid: not forwarded, sender penalised (P4). */
  REJECT
}
