package io.veritas.consensus.engine;

import java.util.Objects;

/**
 * Engine settings.
 *
 * @param chainId                      signed into every vote and proposal (domain separation)
 * @param timeouts                     per-round timeouts
 * @param maxFutureHeights             messages for heights up to current + this are buffered; higher are dropped
 * @param maxBufferedMessages          cap on buffered future-height messages (further ones are dropped)
 * @param maxCatchUpRoundsPerValidator how many rounds above current + 1 one validator may open per height (bounds the
 *                                     memory a byzantine validator can make us spend on far-future rounds)
 */
public record EngineConfig(long chainId, TimeoutConfig timeouts, int maxFutureHeights, int maxBufferedMessages,
        int maxCatchUpRoundsPerValidator) {

    /** Rounds above this are never accepted (keeps timeout arithmetic far from overflow). */
    public static final int MAX_ROUND = 1 << 20;

    /** Messages more than this many rounds above the current round are dropped (bounds proposer computation). */
    public static final int MAX_ROUND_LEAD = 1000;

    public EngineConfig {
        Objects.requireNonNull(timeouts, "timeouts");
        if (maxFutureHeights < 0 || maxBufferedMessages < 0 || maxCatchUpRoundsPerValidator < 0) {
            throw new IllegalArgumentException("engine limits must be non-negative: maxFutureHeights="
                    + maxFutureHeights + " maxBufferedMessages=" + maxBufferedMessages
                    + " maxCatchUpRoundsPerValidator=" + maxCatchUpRoundsPerValidator);
        }
    }

    public static EngineConfig defaults(long chainId) {
        return new EngineConfig(chainId, TimeoutConfig.defaults(), 2, 10_000, 2);
    }

    public EngineConfig withTimeouts(TimeoutConfig newTimeouts) {
        return new EngineConfig(chainId, newTimeouts, maxFutureHeights, maxBufferedMessages,
                maxCatchUpRoundsPerValidator);
    }
}
