package io.veritas.inference.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that split a range of independent items (output rows, or attention heads) into
 * contiguous chunks, one per thread. Work is only ever split across items, never inside a reduction, so the
 * results do not depend on the thread count. The calling thread works on chunk 0.
 */
public final class RowParallel implements AutoCloseable {
  /** Work on items {@code [start, end)}; {@code worker} (0..threads-1) selects per-thread scratch space. */
  @FunctionalInterface
  public interface RangeTask {
    void run(int start, int end, int worker);
  }

  private static final int SPINS = 2_000;

  private final int threads;
  private final Thread[] workers;
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile long generation;
  private volatile boolean closed;
  private volatile Thread caller;
  private volatile Throwable failure;
  private RangeTask task;
  private int count;

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

  /** Runs {@code task} over {@code [0, count)} split into {@link #threads()} chunks; returns when all are done. */
  public synchronized void forEach(int count, RangeTask task) {
    if (closed) {
      throw new IllegalStateException("thread pool is closed");
    }
    if (threads == 1 || count < 2) {
      task.run(0, count, 0);
      return;
    }
    this.task = task;
    this.count = count;
    this.failure = null;
    this.caller = Thread.currentThread();
    remaining.set(workers.length);
    generation = generation + 1; // volatile write: publishes task and count to the workers
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
    Throwable own = null;
    try {
      runChunk(0);
    } catch (Throwable t) {
      own = t;
    }
    int spins = 0;
    while (remaining.get() != 0) {
      if (spins++ < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    Throwable t = own != null ? own : failure;
    if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error e) {
      throw e;
    } else if (t != null) {
      throw new IllegalStateException("inference worker failed", t);
    }
  }

  private void runChunk(int worker) {
    int start = (int) ((long) count * worker / threads);
    int end = (int) ((long) count * (worker + 1) / threads);
    if (start < end) {
      task.run(start, end, worker);
    }
  }

  private void workLoop(int worker) {
    long seen = 0;
    while (true) {
      int spins = 0;
      while (generation == seen && !closed) {
        if (spins++ < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (closed) {
        return;
      }
      seen = generation;
      try {
        runChunk(worker);
      } catch (Throwable t) {
        failure = t;
      }
      if (remaining.decrementAndGet() == 0) {
        LockSupport.unpark(caller);
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
