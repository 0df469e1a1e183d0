package io.veritas.market.module;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.types.Address;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The compute market's records in its account's storage, laid out the way Solidity would lay out the same
 * structs, so {@code eth_getStorageAt} and {@code eth_getProof} read them (README "Storage layout"):
 *
 * <pre>
 * JOB_COUNT      = keccak256("veritas.market.jobCount")       uint256: the last job id (ids start at 1)
 * JOBS           = keccak256("veritas.market.jobs")           mapping(uint256 jobId => Job) at keccak256(uint256(id) ‖ JOBS)
 * PROVIDERS      = keccak256("veritas.market.providers")      mapping(address => Provider) at keccak256(leftpad32(address) ‖ PROVIDERS)
 * PROVIDER_LIST  = keccak256("veritas.market.providerList")   address[]: length here, element i at keccak256(PROVIDER_LIST) + i
 * DUE            = keccak256("veritas.market.due")            mapping(uint64 height => uint256[] jobIds) at keccak256(uint256(height) ‖ DUE)
 * DUE_CURSOR     = keccak256("veritas.market.dueCursor")      the next due-queue entry to look at: height here, index at + 1
 * </pre>
 *
 * Job struct fields are at the job's base slot + the {@code JOB_*} offsets, provider fields at + the
 * {@code PROVIDER_*} offsets. Byte strings use Solidity's long-bytes layout (length at the slot, content from
 * keccak256(slot)); output tokens are such a byte string of 4-byte big-endian token ids.
 */
public final class MarketState {
  public static final Bytes32 JOB_COUNT = ModuleStorage.namedSlot("veritas.market.jobCount");
  public static final Bytes32 JOBS = ModuleStorage.namedSlot("veritas.market.jobs");
  public static final Bytes32 PROVIDERS = ModuleStorage.namedSlot("veritas.market.providers");
  public static final Bytes32 PROVIDER_LIST = ModuleStorage.namedSlot("veritas.market.providerList");
  public static final Bytes32 DUE = ModuleStorage.namedSlot("veritas.market.due");
  public static final Bytes32 DUE_CURSOR = ModuleStorage.namedSlot("veritas.market.dueCursor");

  public static final int JOB_STATUS = 0;
  public static final int JOB_CLIENT = 1;
  public static final int JOB_PROVIDER = 2;
  public static final int JOB_MODEL = 3;
  public static final int JOB_MAX_TOKENS = 4;
  public static final int JOB_SEED = 5;
  public static final int JOB_ESCROW = 6;
  public static final int JOB_PRICE_PER_TOKEN = 7;
  public static final int JOB_FEE = 8;
  public static final int JOB_SEALED_TRACE = 9;
  public static final int JOB_SUBMITTED_AT = 10;
  public static final int JOB_ASSIGNED_AT = 11;
  public static final int JOB_COMMITTED_AT = 12;
  public static final int JOB_CLOSED_AT = 13;
  public static final int JOB_REASSIGNMENTS = 14;
  public static final int JOB_PREVIOUS_PROVIDER = 15;
  public static final int JOB_PROMPT = 16;
  public static final int JOB_OUTPUT_TOKENS = 17;
  /** The challenge that holds (or last held) the job, 0 if none ever did. */
  public static final int JOB_CHALLENGE = 18;

  public static final int PROVIDER_BOND = 0;
  public static final int PROVIDER_PRICE_PER_TOKEN = 1;
  public static final int PROVIDER_PAYOUT = 2;
  public static final int PROVIDER_REGISTERED_AT = 3;
  public static final int PROVIDER_DEREGISTERED_AT = 4;
  public static final int PROVIDER_ACTIVE_JOBS = 5;
  public static final int PROVIDER_OPEN_JOBS = 6;
  public static final int PROVIDER_SETTLED_JOBS = 7;
  public static final int PROVIDER_TIMEOUTS = 8;
  public static final int PROVIDER_ENDPOINT = 9;
  public static final int PROVIDER_MODELS = 10;

  private final ModuleStorage storage;

  public MarketState(ModuleStorage storage) {
    this.storage = storage;
  }

  public static Bytes32 jobSlot(BigInteger jobId) {
    return ModuleStorage.mappingSlot(JOBS, UInt256.valueOf(jobId));
  }

  public static Bytes32 providerSlot(Address provider) {
    return ModuleStorage.mappingSlot(PROVIDERS, Bytes32.leftPad(provider.bytes()));
  }

  // ---- jobs

  public BigInteger jobCount() {
    return storage.get(JOB_COUNT).toBigInteger();
  }

  /** Reserves the next job id (the count is the last id). */
  public BigInteger nextJobId() {
    BigInteger id = jobCount().add(BigInteger.ONE);
    storage.put(JOB_COUNT, UInt256.valueOf(id));
    return id;
  }

  public Optional<Job> job(BigInteger id) {
    if (id.signum() <= 0 || id.compareTo(jobCount()) > 0) {
      return Optional.empty();
    }
    Bytes32 base = jobSlot(id);
    return Optional.of(new Job(
        id,
        JobStatus.fromCode(Math.toIntExact(storage.getLong(field(base, JOB_STATUS)))),
        storage.getAddress(field(base, JOB_CLIENT)),
        storage.getAddress(field(base, JOB_PROVIDER)),
        storage.getBytes32(field(base, JOB_MODEL)),
        storage.getLong(field(base, JOB_MAX_TOKENS)),
        storage.get(field(base, JOB_SEED)).toBigInteger().longValue(),
        storage.get(field(base, JOB_ESCROW)),
        storage.get(field(base, JOB_PRICE_PER_TOKEN)),
        storage.get(field(base, JOB_FEE)),
        storage.getLong(field(base, JOB_OUTPUT_TOKENS)) / 4,
        storage.getBytes32(field(base, JOB_SEALED_TRACE)),
        storage.getLong(field(base, JOB_SUBMITTED_AT)),
        storage.getLong(field(base, JOB_ASSIGNED_AT)),
        storage.getLong(field(base, JOB_COMMITTED_AT)),
        storage.getLong(field(base, JOB_CLOSED_AT)),
        Math.toIntExact(storage.getLong(field(base, JOB_REASSIGNMENTS))),
        storage.getAddress(field(base, JOB_PREVIOUS_PROVIDER))));
  }

  /** Writes every field of the record; the prompt and output tokens are written by their own methods. */
  public void putJob(Job job) {
    Bytes32 base = jobSlot(job.id());
    storage.putLong(field(base, JOB_STATUS), job.status().code());
    storage.putAddress(field(base, JOB_CLIENT), job.client());
    storage.putAddress(field(base, JOB_PROVIDER), job.provider());
    storage.putBytes32(field(base, JOB_MODEL), job.model());
    storage.putLong(field(base, JOB_MAX_TOKENS), job.maxTokens());
    storage.put(field(base, JOB_SEED), UInt256.valueOf(job.seedUnsigned()));
    storage.put(field(base, JOB_ESCROW), job.escrow());
    storage.put(field(base, JOB_PRICE_PER_TOKEN), job.pricePerToken());
    storage.put(field(base, JOB_FEE), job.fee());
    storage.putBytes32(field(base, JOB_SEALED_TRACE), job.sealedTrace());
    storage.putLong(field(base, JOB_SUBMITTED_AT), job.submittedAt());
    storage.putLong(field(base, JOB_ASSIGNED_AT), job.assignedAt());
    storage.putLong(field(base, JOB_COMMITTED_AT), job.committedAt());
    storage.putLong(field(base, JOB_CLOSED_AT), job.closedAt());
    storage.putLong(field(base, JOB_REASSIGNMENTS), job.reassignments());
    storage.putAddress(field(base, JOB_PREVIOUS_PROVIDER), job.previousProvider());
  }

  public Bytes prompt(BigInteger jobId) {
    return storage.getBytes(field(jobSlot(jobId), JOB_PROMPT));
  }

  public void putPrompt(BigInteger jobId, Bytes prompt) {
    storage.putBytes(field(jobSlot(jobId), JOB_PROMPT), prompt);
  }

  public List<Long> outputTokens(BigInteger jobId) {
    Bytes packed = storage.getBytes(field(jobSlot(jobId), JOB_OUTPUT_TOKENS));
    List<Long> tokens = new ArrayList<>(packed.size() / 4);
    for (int i = 0; i < packed.size(); i += 4) {
      tokens.add(packed.slice(i, 4).toLong());
    }
    return tokens;
  }

  public void putOutputTokens(BigInteger jobId, List<Long> tokens) {
    byte[] packed = new byte[tokens.size() * 4];
    for (int i = 0; i < tokens.size(); i++) {
      long token = tokens.get(i);
      packed[4 * i] = (byte) (token >>> 24);
      packed[4 * i + 1] = (byte) (token >>> 16);
      packed[4 * i + 2] = (byte) (token >>> 8);
      packed[4 * i + 3] = (byte) token;
    }
    storage.putBytes(field(jobSlot(jobId), JOB_OUTPUT_TOKENS), Bytes.wrap(packed));
  }

  /** The challenge id recorded by the last {@code holdForChallenge}, or 0 when the job was never challenged. */
  public BigInteger challengeOf(BigInteger jobId) {
    return storage.get(field(jobSlot(jobId), JOB_CHALLENGE)).toBigInteger();
  }

  public void putChallenge(BigInteger jobId, BigInteger challengeId) {
    storage.put(field(jobSlot(jobId), JOB_CHALLENGE), UInt256.valueOf(challengeId));
  }

  // ---- due queue: which jobs may need a transition at which height (README "Protocol duties")

  /** The uint256[] of job ids queued for {@code height}: its length is at this slot. */
  public static Bytes32 dueSlot(long height) {
    return ModuleStorage.mappingSlot(DUE, UInt256.valueOf(height));
  }

  public long dueCount(long height) {
    return storage.getLong(dueSlot(height));
  }

  public BigInteger dueAt(long height, long index) {
    Bytes32 array = dueSlot(height);
    return storage.get(ModuleStorage.offset(Keccak256.hash(array), index)).toBigInteger();
  }

  /** Appends {@code jobId} to the queue of {@code height}; entries only ever get appended, never removed. */
  public void pushDue(long height, BigInteger jobId) {
    Bytes32 array = dueSlot(height);
    long count = storage.getLong(array);
    storage.put(ModuleStorage.offset(Keccak256.hash(array), count), UInt256.valueOf(jobId));
    storage.putLong(array, count + 1);
  }

  /** The first queue entry not yet looked at: every entry of a lower height, and those before index, were. */
  public DueCursor dueCursor() {
    return new DueCursor(storage.getLong(DUE_CURSOR), storage.getLong(ModuleStorage.offset(DUE_CURSOR, 1)));
  }

  public void putDueCursor(DueCursor cursor) {
    storage.putLong(DUE_CURSOR, cursor.height());
    storage.putLong(ModuleStorage.offset(DUE_CURSOR, 1), cursor.index());
  }

  // ---- providers

  public long providerCount() {
    return storage.getLong(PROVIDER_LIST);
  }

  public Address providerAt(long index) {
    return storage.getAddress(ModuleStorage.offset(Keccak256.hash(PROVIDER_LIST), index));
  }

  /** Every provider ever registered, in registration order. */
  public List<Provider> providers() {
    long count = providerCount();
    List<Provider> all = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      all.add(provider(providerAt(i)).orElseThrow(() -> new IllegalStateException("provider list entry without a record")));
    }
    return all;
  }

  public Optional<Provider> provider(Address address) {
    Bytes32 base = providerSlot(address);
    long registeredAt = storage.getLong(field(base, PROVIDER_REGISTERED_AT));
    if (registeredAt == 0) {
      return Optional.empty();
    }
    Bytes32 modelsSlot = field(base, PROVIDER_MODELS);
    long modelCount = storage.getLong(modelsSlot);
    Bytes32 modelsStart = Keccak256.hash(modelsSlot);
    List<Bytes32> models = new ArrayList<>();
    for (long i = 0; i < modelCount; i++) {
      models.add(storage.getBytes32(ModuleStorage.offset(modelsStart, i)));
    }
    return Optional.of(new Provider(
        address,
        storage.get(field(base, PROVIDER_BOND)),
        storage.get(field(base, PROVIDER_PRICE_PER_TOKEN)),
        storage.getAddress(field(base, PROVIDER_PAYOUT)),
        new String(storage.getBytes(field(base, PROVIDER_ENDPOINT)).toArrayUnsafe(), StandardCharsets.UTF_8),
        models,
        registeredAt,
        storage.getLong(field(base, PROVIDER_DEREGISTERED_AT)),
        storage.getLong(field(base, PROVIDER_ACTIVE_JOBS)),
        storage.getLong(field(base, PROVIDER_OPEN_JOBS)),
        storage.getLong(field(base, PROVIDER_SETTLED_JOBS)),
        storage.getLong(field(base, PROVIDER_TIMEOUTS))));
  }

  /** Writes the record; a provider seen for the first time is appended to the provider list. */
  public void putProvider(Provider provider) {
    Bytes32 base = providerSlot(provider.address());
    if (storage.getLong(field(base, PROVIDER_REGISTERED_AT)) == 0) {
      long count = providerCount();
      storage.putAddress(ModuleStorage.offset(Keccak256.hash(PROVIDER_LIST), count), provider.address());
      storage.putLong(PROVIDER_LIST, count + 1);
    }
    storage.put(field(base, PROVIDER_BOND), provider.bond());
    storage.put(field(base, PROVIDER_PRICE_PER_TOKEN), provider.pricePerToken());
    storage.putAddress(field(base, PROVIDER_PAYOUT), provider.payout());
    storage.putLong(field(base, PROVIDER_REGISTERED_AT), provider.registeredAt());
    storage.putLong(field(base, PROVIDER_DEREGISTERED_AT), provider.deregisteredAt());
    storage.putLong(field(base, PROVIDER_ACTIVE_JOBS), provider.activeJobs());
    storage.putLong(field(base, PROVIDER_OPEN_JOBS), provider.openJobs());
    storage.putLong(field(base, PROVIDER_SETTLED_JOBS), provider.settledJobs());
    storage.putLong(field(base, PROVIDER_TIMEOUTS), provider.timeouts());
    storage.putBytes(field(base, PROVIDER_ENDPOINT), Bytes.wrap(provider.endpoint().getBytes(StandardCharsets.UTF_8)));
    Bytes32 modelsSlot = field(base, PROVIDER_MODELS);
    long oldCount = storage.getLong(modelsSlot);
    Bytes32 modelsStart = Keccak256.hash(modelsSlot);
    List<Bytes32> models = provider.models();
    for (int i = 0; i < models.size(); i++) {
      storage.putBytes32(ModuleStorage.offset(modelsStart, i), models.get(i));
    }
    for (long i = models.size(); i < oldCount; i++) {
      storage.put(ModuleStorage.offset(modelsStart, i), UInt256.ZERO); // a shorter list leaves no stale entries
    }
    storage.putLong(modelsSlot, models.size());
  }

  private static Bytes32 field(Bytes32 base, int offset) {
    return ModuleStorage.offset(base, offset);
  }
}
