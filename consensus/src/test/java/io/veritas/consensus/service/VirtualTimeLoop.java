package io.veritas.consensus.service;

import java.time.Duration;
import java.util.PriorityQueue;

/** A deterministic {@link EventLoop} on virtual time, shared by every node of a test: one queue, one thread. */
final class VirtualTimeLoop implements EventLoop {

    private record Task(long at, long seq, Runnable run) {}

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public void execute(Runnable task) {
        queue.add(new Task(now, seq++, task));
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        queue.add(new Task(now + delay.toMillis(), seq++, task));
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** Runs tasks in time order until {@code done} holds or virtual time passes {@code limitMillis}. */
    boolean runUntil(java.util.function.BooleanSupplier done, long limitMillis) {
        while (!done.getAsBoolean()) {
            Task t = queue.poll();
            if (t == null || t.at > limitMillis) {
                return false;
            }
            now = t.at;
            t.run.run();
        }
        return true;
    }
}
