package io.veritas.consensus.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-round growing timeouts: {@code timeout(kind, round) = base(kind) + round × delta(kind)}. Growth makes the
 * timeouts eventually exceed the (unknown) message delay after GST, which the algorithm's liveness needs.
 */
public record TimeoutConfig(Duration proposeBase, Duration proposeDelta, Duration prevoteBase, Duration prevoteDelta,
        Duration precommitBase, Duration precommitDelta) {

    public TimeoutConfig {
        for (Duration d : new Duration[] {proposeBase, proposeDelta, prevoteBase, prevoteDelta, precommitBase,
                precommitDelta}) {
            Objects.requireNonNull(d, "timeout durations must be non-null");
            if (d.isNegative()) {
                throw new IllegalArgumentException("timeout durations must be non-negative, got " + d);
            }
        }
    }

    /** Defaults for 1-second blocks on a LAN/WAN testnet; only used when a round does not finish by messages. */
    public static TimeoutConfig defaults() {
        return new TimeoutConfig(Duration.ofMillis(1000), Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(250));
    }

    public Duration duration(TimeoutKind kind, int round) {
        return switch (kind) {
            case PROPOSE -> proposeBase.plus(proposeDelta.multipliedBy(round));
            case PREVOTE -> prevoteBase.plus(prevoteDelta.multipliedBy(round));
            case PRECOMMIT -> precommitBase.plus(precommitDelta.multipliedBy(round));
        };
    }
}
