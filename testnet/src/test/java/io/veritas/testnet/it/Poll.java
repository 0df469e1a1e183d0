package io.veritas.testnet.it;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a condition on a running node by polling it, with a bound; never a fixed sleep. */
final class Poll {
  private static final Duration INTERVAL = Duration.ofMillis(50);

  private Poll() {}

  /** Polls {@code probe} until it yields a value; fails naming {@code what} after {@code timeout}. */
  static <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
