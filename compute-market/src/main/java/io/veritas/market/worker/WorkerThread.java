package io.veritas.market.worker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread a node-side worker (provider, verifier) runs its work on, so block listeners only queue work
 * and never slow the chain; {@link #close} interrupts what runs and waits for it to stop.
 */
public final class WorkerThread implements AutoCloseable {
  private final ExecutorService executor;

  public WorkerThread(String name) {
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
