package io.veritas.consensus.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link EventLoop} on a single-threaded {@link ScheduledExecutorService}; a task that throws is logged. */
public final class ExecutorEventLoop implements EventLoop, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorEventLoop.class);

    private final ScheduledExecutorService executor;

    public ExecutorEventLoop(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name(threadName).daemon().unstarted(r));
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(() -> runLogged(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("consensus loop stopped; task dropped");
        }
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            executor.schedule(() -> runLogged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("consensus loop stopped; timer dropped");
        }
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("consensus task failed", e);
        }
    }

    /** Stops taking tasks and waits up to 10 s for the running one. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("consensus loop did not stop within 10 s");
        }
    }
}
