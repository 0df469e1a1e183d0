package io.veritas.consensus.staking;

import io.veritas.chain.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: how long one {@code stake} transaction takes (block built, executed and committed) when the module
 * re-ranks {@code candidates} accounts. {@code StakingTransactionBench <candidates> <transactions>}.
 */
public final class StakingTransactionBench {
    private StakingTransactionBench() {}

    public static void main(String[] args) {
        int candidates = args.length > 0 ? Integer.parseInt(args[0]) : StakingModule.MAX_CANDIDATES - 1;
        int transactions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        StakingParameters params = new StakingParameters(StakingChain.ETH, 100, 10, 5, 500, 20);
        List<GenesisStake> genesis = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            KeyPair key = StakingChain.key(10_000 + i);
            genesis.add(StakingChain.genesisStake(key, StakingChain.ETH.multiply(10 + i)));
        }
        KeyPair staker = StakingChain.key(1);
        StakingChain chain = new StakingChain(params, genesis, List.of(staker));
        var stake = StakingModuleTest.stake(StakingChain.vrfKey(staker));
        for (int i = 0; i < 5; i++) { // warm-up
            chain.send(staker, StakingChain.ETH.multiply(10), stake);
        }
        long start = System.nanoTime();
        for (int i = 0; i < transactions; i++) {
            if (!chain.send(staker, StakingChain.ETH, stake).success()) {
                throw new IllegalStateException("stake failed");
            }
        }
        double ms = (System.nanoTime() - start) / 1e6 / transactions;
        System.out.printf("candidates=%d transactions=%d ms_per_stake_block=%.2f%n", candidates + 1, transactions, ms);
    }
}
