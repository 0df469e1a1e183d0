package io.veritas.testnet.consensus;

import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.validator.ValidatorAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds double signing in the votes this node receives (design §3: two signed votes by one validator for the same
 * height, round and type with different block ids): the first vote of each validator for each height, round and type
 * is kept, and a later one naming another block makes {@link DoubleSignEvidence}. Votes reach it only after their
 * signature was checked. The last {@link #HEIGHTS_KEPT} heights seen are kept, at most {@link #VOTES_PER_HEIGHT}
 * votes each (a validator signing thousands of rounds cannot make it grow without bound). Thread-safe.
 */
public final class EquivocationDetector {
  static final int HEIGHTS_KEPT = 4;
  static final int VOTES_PER_HEIGHT = 10_000;

  private record Slot(ValidatorAddress validator, int round, VoteType type) {}

  private final TreeMap<Long, Map<Slot, Vote>> firstVotes = new TreeMap<>();

  /** Records {@code vote}; evidence when its validator already signed another block id for its slot. */
  public synchronized Optional<DoubleSignEvidence> observe(Vote vote) {
    if (!firstVotes.isEmpty() && vote.height() < firstVotes.firstKey() && firstVotes.size() >= HEIGHTS_KEPT) {
      return Optional.empty(); // older than anything kept: the engine and the pool judge such heights stale anyway
    }
    Map<Slot, Vote> atHeight = firstVotes.computeIfAbsent(vote.height(), h -> new HashMap<>());
    while (firstVotes.size() > HEIGHTS_KEPT) {
      firstVotes.pollFirstEntry();
    }
    Slot slot = new Slot(vote.validator(), vote.round(), vote.type());
    Vote first = atHeight.get(slot);
    if (first == null) {
      if (atHeight.size() < VOTES_PER_HEIGHT) {
        atHeight.put(slot, vote);
      }
      return Optional.empty();
    }
    return first.blockId().equals(vote.blockId()) ? Optional.empty() : Optional.of(new DoubleSignEvidence(first, vote));
  }
}
