package io.veritas.testnet.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import io.veritas.market.rewards.RewardsModule;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rewards.RewardsState;
import io.veritas.verifier.module.VerifierModule;
import io.veritas.verifier.module.VerifierState;
import io.veritas.verifier.rules.Challenge;
import io.veritas.verifier.rules.ChallengeTimeline;
import io.veritas.verifier.rules.Verdict;
import io.veritas.verifier.rules.VerifierParameters;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Explorer-style views of verification and rewards at the head block: {@code veritas_getChallenge}, {@code
 * veritas_listChallenges}, {@code veritas_getRewards}.
 */
public final class VerificationRpc {
  private VerificationRpc() {}

  public static List<JsonRpcMethod> methods(Blockchain chain, VerifierParameters verifier, RewardsParameters rewards) {
    ChallengeTimeline timeline = new ChallengeTimeline(verifier);
    return List.of(new GetChallenge(chain, timeline), new ListChallenges(chain, timeline), new GetRewards(chain, rewards));
  }

  static ObjectNode challenge(Challenge c, ChallengeTimeline timeline, long nextBlock) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("challengeId", MarketRpc.hex(c.id()));
    o.put("jobId", MarketRpc.hex(c.jobId()));
    o.put("provider", c.provider().toHexString());
    o.put("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
    o.put("phase", timeline.phase(c, nextBlock).name().toLowerCase(Locale.ROOT));
    o.put("round", c.round());
    o.put("issuedAt", MarketRpc.hex(c.issuedAt()));
    o.put("roundStartedAt", MarketRpc.hex(c.roundStartedAt()));
    o.put("commitDeadline", MarketRpc.hex(c.commitDeadline()));
    o.put("revealOpensAt", MarketRpc.hex(c.revealOpensAt()));
    o.put("traceRoot", c.traceRoot().toHexString());
    o.put("traceRevealedAt", MarketRpc.hex(c.traceRevealedAt()));
    o.put("resolvedAt", MarketRpc.hex(c.resolvedAt()));
    ArrayNode verdicts = o.putArray("verdicts");
    for (Verdict v : c.verdicts()) {
      ObjectNode vo = verdicts.addObject();
      vo.put("verifier", v.verifier().toHexString());
      vo.put("round", v.round());
      vo.put("sealedHash", v.sealedHash().toHexString());
      vo.put("committedAt", MarketRpc.hex(v.committedAt()));
      vo.put("verdictRoot", v.verdictRoot().toHexString());
      vo.put("revealedAt", MarketRpc.hex(v.revealedAt()));
      if (v.revealed() && c.traceRevealed()) {
        vo.put("agrees", v.verdictRoot().equals(c.traceRoot()));
      } else {
        vo.putNull("agrees");
      }
    }
    return o;
  }

  static VerifierState verifierState(WorldState state) {
    return new VerifierState(new ModuleStorage(state, VerifierModule.ADDRESS));
  }

  /** {@code veritas_getChallenge(challengeId)}: the challenge with every verdict, or null. */
  static final class GetChallenge implements JsonRpcMethod {
    private final Blockchain chain;
    private final ChallengeTimeline timeline;

    GetChallenge(Blockchain chain, ChallengeTimeline timeline) {
      this.chain = chain;
      this.timeline = timeline;
    }

    @Override
    public String name() {
      return "veritas_getChallenge";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      ctx.paramReader().expectAtMost(1);
      BigInteger id = ctx.paramReader().quantityBig(0, "challengeId");
      long next = chain.head().number() + 1;
      return verifierState(chain.headState()).challenge(id).map(c -> (Object) challenge(c, timeline, next)).orElse(null);
    }
  }

  /**
   * {@code veritas_listChallenges({job?, participant?, outcome?, page?, pageSize?})}: challenges newest first; {@code
   * participant} matches the provider or any verifier; {@code outcome} is open, provider_honest or provider_cheated.
   */
  static final class ListChallenges implements JsonRpcMethod {
    private final Blockchain chain;
    private final ChallengeTimeline timeline;

    ListChallenges(Blockchain chain, ChallengeTimeline timeline) {
      this.chain = chain;
      this.timeline = timeline;
    }

    @Override
    public String name() {
      return "veritas_listChallenges";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      PagedListing listing = PagedListing.parse(ctx, java.util.Set.of("job", "participant", "outcome"));
      Optional<BigInteger> job = Optional.empty();
      if (listing.text("job").isPresent()) {
        String text = listing.text("job").get();
        try {
          job = Optional.of(text.startsWith("0x") ? new BigInteger(text.substring(2), 16) : new BigInteger(text));
        } catch (NumberFormatException e) {
          throw JsonRpcException.invalidParams("filter.job: '" + text + "' is not a job id");
        }
      }
      Optional<Address> participant = listing.address("participant");
      Optional<String> outcome = listing.text("outcome");
      if (outcome.isPresent() && !List.of("open", "provider_honest", "provider_cheated").contains(outcome.get())) {
        throw JsonRpcException.invalidParams("filter.outcome: '" + outcome.get() + "' is not one of [open, provider_honest, provider_cheated]");
      }
      VerifierState state = verifierState(chain.headState());
      long next = chain.head().number() + 1;
      BigInteger count = state.challengeCount();
      int scanned = 0;
      for (BigInteger id = count; id.signum() > 0 && scanned < PagedListing.MAX_SCAN; id = id.subtract(BigInteger.ONE), scanned++) {
        Challenge c = state.challenge(id).orElseThrow();
        if (job.isPresent() && !c.jobId().equals(job.get())
            || participant.isPresent() && !c.participants().contains(participant.get())
            || outcome.isPresent() && !c.outcome().name().toLowerCase(Locale.ROOT).equals(outcome.get())) {
          continue;
        }
        listing.offer(() -> challenge(c, timeline, next));
      }
      return listing.result("challenges", "challengeCount", MarketRpc.hex(count));
    }
  }

  /**
   * {@code veritas_getRewards(address)}: claimable and claimed wei, and per epoch the reward credited to the address and
   * its provider / verifier work units, for every epoch with work so far.
   */
  static final class GetRewards implements JsonRpcMethod {
    private final Blockchain chain;
    private final RewardsParameters params;

    GetRewards(Blockchain chain, RewardsParameters params) {
      this.chain = chain;
      this.params = params;
    }

    @Override
    public String name() {
      return "veritas_getRewards";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      ctx.paramReader().expectAtMost(1);
      Address who = MarketRpc.address(ctx.paramReader().required(0, "address"), "address");
      RewardsState state = new RewardsState(new ModuleStorage(chain.headState(), RewardsModule.ADDRESS));
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("address", who.toHexString());
      o.put("claimable", MarketRpc.hex(state.claimable(who)));
      o.put("claimed", MarketRpc.hex(state.claimed(who)));
      o.put("currentEpoch", MarketRpc.hex((chain.head().number() + 1) / params.epochLengthBlocks()));
      ArrayNode epochs = o.putArray("epochs");
      for (long i = 0; i < state.workEpochCount(); i++) {
        long epoch = state.workEpochAt(i);
        BigInteger providerUnits = state.workOf(epoch, RewardsState.Role.PROVIDER, who);
        BigInteger verifierUnits = state.workOf(epoch, RewardsState.Role.VERIFIER, who);
        var reward = state.epochReward(who, epoch);
        if (providerUnits.signum() == 0 && verifierUnits.signum() == 0 && reward.isZero()) {
          continue;
        }
        ObjectNode e = epochs.addObject();
        e.put("epoch", MarketRpc.hex(epoch));
        e.put("reward", MarketRpc.hex(reward));
        e.put("providerUnits", MarketRpc.hex(providerUnits));
        e.put("verifierUnits", MarketRpc.hex(verifierUnits));
        e.put("recipientsPaid", state.paid(epoch));
      }
      return o;
    }
  }
}
