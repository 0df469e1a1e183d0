package io.veritas.market.module;

import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobLifecycle;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which jobs a block must settle or expire, found without looking at every job ever (README "Protocol duties").
 * Each job is queued, when assigned, at the height its result deadline passes, and when committed, at the height
 * its challenge window closes (a job released by a challenge once more at the next height). From the cursor, the
 * scan looks at queue entries in (height, index) order up to the current height; an entry whose job is not due
 * (committed in time, held by a challenge, already final, moved to another provider) is passed over for good,
 * because the job's current transition has its own later entry.
 *
 * <p>Bounded per block: at most {@link #MAX_JOBS_PER_BLOCK} due jobs and {@link #MAX_STEPS_PER_BLOCK} steps (an
 * entry looked at, or an exhausted height passed); the rest waits for the next block.
 */
public final class DueScan {
  public static final int MAX_JOBS_PER_BLOCK = 64;
  public static final int MAX_STEPS_PER_BLOCK = 256;

  private final JobLifecycle lifecycle;

  public DueScan(JobLifecycle lifecycle) {
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
  }

  /**
   * What block {@code height} must do.
   *
   * @param jobIds the due jobs, in queue order, each once
   * @param from the cursor before the scan
   * @param next the cursor after it: the first entry not looked at
   */
  public record Result(List<BigInteger> jobIds, DueCursor from, DueCursor next, int steps) {
    public Result {
      jobIds = List.copyOf(jobIds);
    }

    /**
     * A block needs the protocol call when a job is due, or when the scan used its whole budget and so must move
     * the cursor for the next block to get further (a long stretch of stale entries or empty heights).
     */
    public boolean needsCall() {
      return !jobIds.isEmpty() || (steps >= MAX_STEPS_PER_BLOCK && next.compareTo(from) > 0);
    }
  }

  public Result scan(MarketState state, long height) {
    DueCursor from = state.dueCursor();
    long h = from.height();
    long i = from.index();
    int steps = 0;
    List<BigInteger> due = new ArrayList<>();
    Set<BigInteger> seen = new HashSet<>();
    while (h <= height && steps < MAX_STEPS_PER_BLOCK && due.size() < MAX_JOBS_PER_BLOCK) {
      steps++;
      if (i >= state.dueCount(h)) {
        h++;
        i = 0;
        continue;
      }
      BigInteger id = state.dueAt(h, i);
      i++;
      Job job = state.job(id).orElseThrow(() -> new IllegalStateException("due queue names job " + id + ", which does not exist"));
      if (lifecycle.due(job, height) != JobLifecycle.Transition.NONE && seen.add(id)) {
        due.add(id);
      }
    }
    return new Result(due, from, new DueCursor(h, i), steps);
  }
}
