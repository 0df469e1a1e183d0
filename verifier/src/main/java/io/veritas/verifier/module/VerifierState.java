package io.veritas.verifier.module;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.types.Address;
import io.veritas.verifier.rules.Challenge;
import io.veritas.verifier.rules.ChallengeOutcome;
import io.veritas.verifier.rules.Verdict;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The verifier module's records in its account's storage, laid out as Solidity would lay out the same structs, so
 * {@code eth_getStorageAt} and {@code eth_getProof} read them (README "Storage layout"):
 *
 * <pre>
 * CHALLENGE_COUNT    = keccak256("veritas.verifier.challengeCount")     uint256: the last challenge id (ids start at 1)
 * CHALLENGES         = keccak256("veritas.verifier.challenges")         mapping(uint256 id => Challenge) at keccak256(uint256(id) ‖ CHALLENGES)
 * OPEN               = keccak256("veritas.verifier.open")               mapping(address => uint256[]) open challenges naming the address
 * OPEN_INDEX         = keccak256("veritas.verifier.openIndex")          mapping(address => mapping(uint256 id => uint256 position + 1))
 * RESOLUTION_QUEUE   = keccak256("veritas.verifier.resolutionQueue")    mapping(uint64 height => uint256[] challengeIds) to look at
 * CHALLENGE_BACKLOG  = keccak256("veritas.verifier.challengeBacklog")   FIFO of job ids: head index here, end index at + 1, items at keccak256(slot) + i
 * RESOLUTION_BACKLOG = keccak256("veritas.verifier.resolutionBacklog")  FIFO of challenge ids, same layout
 * </pre>
 *
 * Challenge fields at the challenge's base slot + the {@code CHALLENGE_*} offsets; its verdicts are an array at
 * {@link #CHALLENGE_VERDICTS} (length there) whose element i occupies {@link #VERDICT_FIELDS} slots from
 * keccak256(slot) + i × {@value #VERDICT_FIELDS}, at the {@code VERDICT_*} offsets.
 */
public final class VerifierState {
  public static final Bytes32 CHALLENGE_COUNT = ModuleStorage.namedSlot("veritas.verifier.challengeCount");
  public static final Bytes32 CHALLENGES = ModuleStorage.namedSlot("veritas.verifier.challenges");
  public static final Bytes32 OPEN = ModuleStorage.namedSlot("veritas.verifier.open");
  public static final Bytes32 OPEN_INDEX = ModuleStorage.namedSlot("veritas.verifier.openIndex");
  public static final Bytes32 RESOLUTION_QUEUE = ModuleStorage.namedSlot("veritas.verifier.resolutionQueue");
  public static final Bytes32 CHALLENGE_BACKLOG = ModuleStorage.namedSlot("veritas.verifier.challengeBacklog");
  public static final Bytes32 RESOLUTION_BACKLOG = ModuleStorage.namedSlot("veritas.verifier.resolutionBacklog");

  public static final int CHALLENGE_JOB_ID = 0;
  public static final int CHALLENGE_PROVIDER = 1;
  public static final int CHALLENGE_OUTCOME = 2;
  public static final int CHALLENGE_ROUND = 3;
  public static final int CHALLENGE_ISSUED_AT = 4;
  public static final int CHALLENGE_ROUND_STARTED_AT = 5;
  public static final int CHALLENGE_COMMIT_DEADLINE = 6;
  public static final int CHALLENGE_REVEAL_OPENS_AT = 7;
  public static final int CHALLENGE_TRACE_ROOT = 8;
  public static final int CHALLENGE_TRACE_REVEALED_AT = 9;
  public static final int CHALLENGE_RESOLVED_AT = 10;
  public static final int CHALLENGE_DEFERRED = 11;
  public static final int CHALLENGE_VERDICTS = 12;

  public static final int VERDICT_FIELDS = 6;
  public static final int VERDICT_VERIFIER = 0;
  public static final int VERDICT_ROUND = 1;
  public static final int VERDICT_SEALED_HASH = 2;
  public static final int VERDICT_COMMITTED_AT = 3;
  public static final int VERDICT_ROOT = 4;
  public static final int VERDICT_REVEALED_AT = 5;

  private final ModuleStorage storage;

  public VerifierState(ModuleStorage storage) {
    this.storage = storage;
  }

  public static Bytes32 challengeSlot(BigInteger id) {
    return ModuleStorage.mappingSlot(CHALLENGES, UInt256.valueOf(id));
  }

  // ---- challenges

  public BigInteger challengeCount() {
    return storage.get(CHALLENGE_COUNT).toBigInteger();
  }

  /** Reserves the next challenge id (the count is the last id). */
  public BigInteger nextChallengeId() {
    BigInteger id = challengeCount().add(BigInteger.ONE);
    storage.put(CHALLENGE_COUNT, UInt256.valueOf(id));
    return id;
  }

  public Optional<Challenge> challenge(BigInteger id) {
    if (id.signum() <= 0 || id.compareTo(challengeCount()) > 0) {
      return Optional.empty();
    }
    Bytes32 base = challengeSlot(id);
    Bytes32 verdictsSlot = field(base, CHALLENGE_VERDICTS);
    long count = storage.getLong(verdictsSlot);
    Bytes32 start = Keccak256.hash(verdictsSlot);
    List<Verdict> verdicts = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      Bytes32 v = ModuleStorage.offset(start, i * VERDICT_FIELDS);
      verdicts.add(new Verdict(
          storage.getAddress(field(v, VERDICT_VERIFIER)),
          Math.toIntExact(storage.getLong(field(v, VERDICT_ROUND))),
          storage.getBytes32(field(v, VERDICT_SEALED_HASH)),
          storage.getLong(field(v, VERDICT_COMMITTED_AT)),
          storage.getBytes32(field(v, VERDICT_ROOT)),
          storage.getLong(field(v, VERDICT_REVEALED_AT))));
    }
    return Optional.of(new Challenge(
        id,
        storage.get(field(base, CHALLENGE_JOB_ID)).toBigInteger(),
        storage.getAddress(field(base, CHALLENGE_PROVIDER)),
        ChallengeOutcome.fromCode(Math.toIntExact(storage.getLong(field(base, CHALLENGE_OUTCOME)))),
        Math.toIntExact(storage.getLong(field(base, CHALLENGE_ROUND))),
        storage.getLong(field(base, CHALLENGE_ISSUED_AT)),
        storage.getLong(field(base, CHALLENGE_ROUND_STARTED_AT)),
        storage.getLong(field(base, CHALLENGE_COMMIT_DEADLINE)),
        storage.getLong(field(base, CHALLENGE_REVEAL_OPENS_AT)),
        storage.getBytes32(field(base, CHALLENGE_TRACE_ROOT)),
        storage.getLong(field(base, CHALLENGE_TRACE_REVEALED_AT)),
        storage.getLong(field(base, CHALLENGE_RESOLVED_AT)),
        storage.getLong(field(base, CHALLENGE_DEFERRED)) != 0,
        verdicts));
  }

  /** Writes every field and verdict of the record (verdicts are only ever appended, so no stale entries remain). */
  public void putChallenge(Challenge c) {
    Bytes32 base = challengeSlot(c.id());
    storage.put(field(base, CHALLENGE_JOB_ID), UInt256.valueOf(c.jobId()));
    storage.putAddress(field(base, CHALLENGE_PROVIDER), c.provider());
    storage.putLong(field(base, CHALLENGE_OUTCOME), c.outcome().code());
    storage.putLong(field(base, CHALLENGE_ROUND), c.round());
    storage.putLong(field(base, CHALLENGE_ISSUED_AT), c.issuedAt());
    storage.putLong(field(base, CHALLENGE_ROUND_STARTED_AT), c.roundStartedAt());
    storage.putLong(field(base, CHALLENGE_COMMIT_DEADLINE), c.commitDeadline());
    storage.putLong(field(base, CHALLENGE_REVEAL_OPENS_AT), c.revealOpensAt());
    storage.putBytes32(field(base, CHALLENGE_TRACE_ROOT), c.traceRoot());
    storage.putLong(field(base, CHALLENGE_TRACE_REVEALED_AT), c.traceRevealedAt());
    storage.putLong(field(base, CHALLENGE_RESOLVED_AT), c.resolvedAt());
    storage.putLong(field(base, CHALLENGE_DEFERRED), c.deferred() ? 1 : 0);
    Bytes32 verdictsSlot = field(base, CHALLENGE_VERDICTS);
    long oldCount = storage.getLong(verdictsSlot);
    if (c.verdicts().size() < oldCount) {
      throw new IllegalStateException("challenge " + c.id() + " would lose verdicts: " + oldCount + " stored, " + c.verdicts().size() + " given");
    }
    Bytes32 start = Keccak256.hash(verdictsSlot);
    for (int i = 0; i < c.verdicts().size(); i++) {
      Verdict verdict = c.verdicts().get(i);
      Bytes32 v = ModuleStorage.offset(start, (long) i * VERDICT_FIELDS);
      storage.putAddress(field(v, VERDICT_VERIFIER), verdict.verifier());
      storage.putLong(field(v, VERDICT_ROUND), verdict.round());
      storage.putBytes32(field(v, VERDICT_SEALED_HASH), verdict.sealedHash());
      storage.putLong(field(v, VERDICT_COMMITTED_AT), verdict.committedAt());
      storage.putBytes32(field(v, VERDICT_ROOT), verdict.verdictRoot());
      storage.putLong(field(v, VERDICT_REVEALED_AT), verdict.revealedAt());
    }
    storage.putLong(verdictsSlot, c.verdicts().size());
  }

  // ---- open challenges per address (what a worker polls)

  public static Bytes32 openSlot(Address who) {
    return ModuleStorage.mappingSlot(OPEN, Bytes32.leftPad(who.bytes()));
  }

  private static Bytes32 openIndexSlot(Address who, BigInteger challengeId) {
    Bytes32 inner = ModuleStorage.mappingSlot(OPEN_INDEX, Bytes32.leftPad(who.bytes()));
    return ModuleStorage.mappingSlot(inner, UInt256.valueOf(challengeId));
  }

  public List<BigInteger> openChallengesOf(Address who) {
    Bytes32 array = openSlot(who);
    long count = storage.getLong(array);
    Bytes32 start = Keccak256.hash(array);
    List<BigInteger> ids = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      ids.add(storage.get(ModuleStorage.offset(start, i)).toBigInteger());
    }
    return ids;
  }

  /** Adds {@code challengeId} to {@code who}'s open list unless it is there already. */
  public void addOpen(Address who, BigInteger challengeId) {
    Bytes32 indexSlot = openIndexSlot(who, challengeId);
    if (storage.getLong(indexSlot) != 0) {
      return;
    }
    Bytes32 array = openSlot(who);
    long count = storage.getLong(array);
    storage.put(ModuleStorage.offset(Keccak256.hash(array), count), UInt256.valueOf(challengeId));
    storage.putLong(array, count + 1);
    storage.putLong(indexSlot, count + 1);
  }

  /** Removes {@code challengeId} from {@code who}'s open list (the last entry takes its place). */
  public void removeOpen(Address who, BigInteger challengeId) {
    Bytes32 indexSlot = openIndexSlot(who, challengeId);
    long position = storage.getLong(indexSlot);
    if (position == 0) {
      return;
    }
    Bytes32 array = openSlot(who);
    Bytes32 start = Keccak256.hash(array);
    long last = storage.getLong(array) - 1;
    if (position - 1 != last) {
      UInt256 moved = storage.get(ModuleStorage.offset(start, last));
      storage.put(ModuleStorage.offset(start, position - 1), moved);
      storage.putLong(openIndexSlot(who, moved.toBigInteger()), position);
    }
    storage.put(ModuleStorage.offset(start, last), UInt256.ZERO);
    storage.putLong(array, last);
    storage.putLong(indexSlot, 0);
  }

  // ---- per-height queue of challenges to look at for resolution

  public static Bytes32 resolutionQueueSlot(long height) {
    return ModuleStorage.mappingSlot(RESOLUTION_QUEUE, UInt256.valueOf(height));
  }

  public List<BigInteger> resolutionQueue(long height) {
    Bytes32 array = resolutionQueueSlot(height);
    long count = storage.getLong(array);
    Bytes32 start = Keccak256.hash(array);
    List<BigInteger> ids = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      ids.add(storage.get(ModuleStorage.offset(start, i)).toBigInteger());
    }
    return ids;
  }

  public void queueResolution(long height, BigInteger challengeId) {
    Bytes32 array = resolutionQueueSlot(height);
    long count = storage.getLong(array);
    storage.put(ModuleStorage.offset(Keccak256.hash(array), count), UInt256.valueOf(challengeId));
    storage.putLong(array, count + 1);
  }

  // ---- backlogs: work the protocol decided but could not fit in its block

  /** The first {@code max} waiting items of the FIFO at {@code slot}, oldest first. */
  public List<BigInteger> backlog(Bytes32 slot, int max) {
    long head = storage.getLong(slot);
    long end = storage.getLong(ModuleStorage.offset(slot, 1));
    Bytes32 start = Keccak256.hash(slot);
    List<BigInteger> items = new ArrayList<>();
    for (long i = head; i < end && items.size() < max; i++) {
      items.add(storage.get(ModuleStorage.offset(start, i)).toBigInteger());
    }
    return items;
  }

  public long backlogSize(Bytes32 slot) {
    return storage.getLong(ModuleStorage.offset(slot, 1)) - storage.getLong(slot);
  }

  public void pushBacklog(Bytes32 slot, BigInteger item) {
    Bytes32 endSlot = ModuleStorage.offset(slot, 1);
    long end = storage.getLong(endSlot);
    storage.put(ModuleStorage.offset(Keccak256.hash(slot), end), UInt256.valueOf(item));
    storage.putLong(endSlot, end + 1);
  }

  /** Removes the oldest item, which must be {@code item} (the protocol works a backlog strictly in order). */
  public boolean popBacklogIf(Bytes32 slot, BigInteger item) {
    long head = storage.getLong(slot);
    long end = storage.getLong(ModuleStorage.offset(slot, 1));
    Bytes32 itemSlot = ModuleStorage.offset(Keccak256.hash(slot), head);
    if (head >= end || !storage.get(itemSlot).toBigInteger().equals(item)) {
      return false;
    }
    storage.put(itemSlot, UInt256.ZERO);
    storage.putLong(slot, head + 1);
    return true;
  }

  private static Bytes32 field(Bytes32 base, int offset) {
    return ModuleStorage.offset(base, offset);
  }
}
