package io.veritas.inference.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that share out a range of independent items (output rows, or attention heads). The range
 * is cut into a fixed number of contiguous chunks that the caller and the workers claim from a counter, so a worker
 * the OS has not scheduled yet simply claims nothing and the others do its share. Work is only ever split across
 * items, never inside a reduction, and each item is computed the same way whoever computes it, so the results do
 * not depend on the thread count or on who ran what.
 */
public final class RowParallel implements AutoCloseable {
  /** Work on items {@code [start, end)}; {@code worker} (0..threads-1) selects per-thread scratch space. */
  @FunctionalInterface
  public interface RangeTask {
    void run(int start, int end, int worker);
  }

  private static final int CHUNKS_PER_THREAD = 4;
  private static final int SPINS = 4_000;

  /** One call of {@link #forEach}: immutable except its counters, so a late worker can never run a newer task. */
  private static final class Job {
    final RangeTask task;
    final int count;
    final int chunks;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    volatile Throwable failure;

    Job(RangeTask task, int count, int chunks, Thread caller) {
      this.task = task;
      this.count = count;
      this.chunks = chunks;
      this.caller = caller;
    }

    /** Claims and runs chunks until none is left. */
    void work(int worker) {
      for (int c; (c = next.getAndIncrement()) < chunks; ) {
        try {
          int start = (int) ((long) count * c / chunks);
          int end = (int) ((long) count * (c + 1) / chunks);
          task.run(start, end, worker);
        } catch (Throwable t) {
          failure = t;
        }
        if (done.incrementAndGet() == chunks) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  private final int threads;
  private final Thread[] workers;
  private volatile Job job;
  private volatile boolean closed;

  public RowParallel(int threads) {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("thread count must be 1..256, got " + threads);
    }
    this.threads = threads;
    this.workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      int worker = i + 1;
      workers[i] = Thread.ofPlatform().daemon().name("veritas-inference-" + worker).start(() -> workLoop(worker));
    }
  }

  public int threads() {
    return threads;
  }

  /** Runs {@code task} over {@code [0, count)}; returns when every item is done. One caller at a time. */
  public synchronized void forEach(int count, RangeTask task) {
    if (closed) {
      throw new IllegalStateException("thread pool is closed");
    }
    if (threads == 1 || count < 2) {
      task.run(0, count, 0);
      return;
    }
    Job j = new Job(task, count, Math.min(count, threads * CHUNKS_PER_THREAD), Thread.currentThread());
    job = j;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    j.work(0);
    int spins = 0;
    while (j.done.get() != j.chunks) {
      if (spins++ < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    Throwable t = j.failure;
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error e) {
      throw e;
    } else if (t != null) {
      throw new IllegalStateException("inference worker failed", t);
    }
  }

  private void workLoop(int worker) {
    Job seen = null;
    while (!closed) {
      Job j = job;
      if (j != null && j != seen) {
        seen = j;
        j.work(worker);
        continue;
      }
      int spins = 0;
      while (job == seen && !closed) {
        if (spins++ < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}
