package io.veritas.consensus.staking;

import static io.veritas.consensus.staking.StakingChain.ETH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.tx.Transaction;
import io.veritas.consensus.engine.ConsensusAction;
import io.veritas.consensus.engine.EngineConfig;
import io.veritas.consensus.engine.TendermintEngine;
import io.veritas.consensus.evidence.EvidencePool;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/**
 * The whole evidence path with real secp256k1 votes: the engine sees one validator sign two prevotes, emits the
 * evidence, the pool hands it to the proposer, and the staking module slashes and jails on the chain.
 */
class EngineEvidenceToSlashTest {

    @Test
    void anEquivocationTheEngineSeesEndsSlashedOnChain() {
        StakingChain chain = new StakingChain(StakingModuleTest.PARAMS, StakingModuleTest.GENESIS, StakingModuleTest.FUNDED);
        chain.advanceTo(1);
        long height = 2;
        StakedValidatorSet staked = StakingState.validatorSetAt(chain.state(), height);
        Secp256k1VoteVerifier verifier = new Secp256k1VoteVerifier();
        TendermintEngine engine = TendermintEngine.observer(EngineConfig.defaults(StakingChain.CHAIN_ID), verifier);
        engine.startHeight(height, ValidatorSet.of(height, staked.validators()));

        List<DoubleSignEvidence> seen = new ArrayList<>();
        for (var id : List.of(StakingModuleTest.BLOCK_X, StakingModuleTest.BLOCK_Y)) {
            for (ConsensusAction action : engine.onVote(StakingModuleTest.vote(StakingModuleTest.V2, StakingModuleTest.V2,
                    StakingChain.CHAIN_ID, VoteType.PREVOTE, height, 0, id))) {
                if (action instanceof ConsensusAction.Evidence e) {
                    seen.add(e.evidence());
                }
            }
        }
        assertEquals(1, seen.size());

        EvidencePool pool = new EvidencePool(StakingChain.CHAIN_ID, verifier,
                (validator, h) -> StakingState.validatorSetAt(chain.state(), h).contains(CommitCertificates.address(validator)),
                StakingModuleTest.PARAMS.evidenceMaxAgeBlocks(), 16);
        assertEquals(EvidencePool.AddResult.ADDED, pool.add(seen.get(0), height));
        List<ProtocolCall> calls = pool.proposalCalls(height, 8);
        List<Transaction> included = chain.includeEvidence(calls);
        assertEquals(1, included.size());
        pool.onBlockCommitted(chain.height(), chain.blockchain().block(chain.height()).orElseThrow().transactions());
        assertEquals(0, pool.size());

        ValidatorRecord slashed = chain.staking().validator(StakingModuleTest.V2.address()).orElseThrow();
        assertEquals(ETH.multiply(190), slashed.stake());
        assertEquals(22, slashed.jailedUntil());
        assertEquals(Optional.of(seen.get(0)), StakingModule.evidenceIn(calls.get(0).data()));
        chain.advanceTo(3);
        assertFalse(StakingState.validatorSetAt(chain.state(), 4).contains(StakingModuleTest.V2.address()));
        assertEquals(UInt256.ZERO, chain.staking().validator(StakingModuleTest.V2.address()).orElseThrow().unbonding());
    }
}
