package io.veritas.verifier.worker;

/**
 * Testing only: how a verifier misbehaves. A lazy verifier commits a verdict without replaying the job (it cannot
 * know the provider's sealed trace root, so it seals the zero root and loses the dispute); a silent one never
 * reveals what it committed (and loses, as a missing reveal counts as losing).
 */
public record VerifierFaults(boolean lazy, boolean neverReveal) {
  public static final VerifierFaults NONE = new VerifierFaults(false, false);

  public boolean any() {
    return lazy || neverReveal;
  }
}
