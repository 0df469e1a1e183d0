package io.veritas.consensus.service;

import java.time.Duration;

/**
 * The one thread that owns a {@link ConsensusService}'s engine: tasks run one at a time, in submission order, and
 * delayed tasks after their delay. Production uses {@link ExecutorEventLoop}; tests use virtual time.
 */
public interface EventLoop {

    /** Runs {@code task} on the loop thread. Thread-safe. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop thread after {@code delay}. Thread-safe. */
    void schedule(Duration delay, Runnable task);

    /** Milliseconds on this loop's clock (virtual in tests). */
    long nowMillis();
}
