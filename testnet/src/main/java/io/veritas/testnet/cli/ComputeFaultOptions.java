package io.veritas.testnet.cli;

import io.veritas.market.worker.ProviderFaults;
import io.veritas.verifier.worker.VerifierFaults;
import picocli.CommandLine.Option;

/**
 * Testing only (hidden from --help, documented under "Testing" in the README): make a provider misbehave so that
 * verification can be seen catching it.
 */
final class ComputeFaultOptions {
  @Option(names = "--fault-wrong-output", hidden = true, defaultValue = "0",
      description = "Share of jobs (0..1) whose last output token the faulty provider changes.")
  double wrongOutput;

  @Option(names = "--fault-wrong-trace", hidden = true, defaultValue = "0",
      description = "Share of jobs (0..1) the faulty provider commits with a made-up trace root.")
  double wrongTrace;

  @Option(names = "--fault-never-commit", hidden = true, description = "The faulty provider never commits results.")
  boolean neverCommit;

  @Option(names = "--fault-never-reveal", hidden = true, description = "The faulty provider never reveals its trace root.")
  boolean neverReveal;

  @Option(names = "--fault-provider", hidden = true, defaultValue = "0",
      description = "Which of the node's providers (0-based) misbehaves (default: the first).")
  int faultyProvider;

  @Option(names = "--fault-lazy-verifier", hidden = true,
      description = "The faulty verifier commits verdicts without replaying the job.")
  boolean lazyVerifier;

  @Option(names = "--fault-verifier-never-reveal", hidden = true, description = "The faulty verifier never reveals its verdicts.")
  boolean verifierNeverReveal;

  @Option(names = "--fault-verifier", hidden = true, defaultValue = "0",
      description = "Which of the node's providers (0-based) misbehaves as a verifier (default: the first).")
  int faultyVerifier;

  VerifierFaults verifierFaultsFor(int providerIndex) {
    return providerIndex == faultyVerifier ? new VerifierFaults(lazyVerifier, verifierNeverReveal) : VerifierFaults.NONE;
  }

  ProviderFaults faultsFor(int providerIndex) {
    if (providerIndex != faultyProvider) {
      return ProviderFaults.NONE;
    }
    try {
      return new ProviderFaults(wrongOutput, wrongTrace, neverCommit, neverReveal);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--fault-*: " + e.getMessage());
    }
  }
}
