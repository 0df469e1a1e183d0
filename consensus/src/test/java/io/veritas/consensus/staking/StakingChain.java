package io.veritas.consensus.staking;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ChainParameters;
import io.veritas.chain.blockchain.GenesisDefinition;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;

/**
 * An in-memory chain with the staking module registered (real BlockExecutor, real Blockchain): each {@link #send} is
 * one signed transaction in its own block; {@link #includeEvidence} builds a block the way a proposer does, with
 * evidence calls; {@link #view} runs a view as eth_call does. It keeps what every sender spent on gas, so tests assert
 * balances to the wei.
 */
final class StakingChain {
    static final long CHAIN_ID = 7357;
    static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
    static final UInt256 ETH = GWEI.multiply(1_000_000_000L);
    static final UInt256 FUNDING = ETH.multiply(1_000);
    static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000b10c5");
    private static final long GAS_LIMIT = 1_000_000;

    private final Blockchain chain;
    private final ModuleDispatcher dispatcher;
    private final Map<Address, Long> nonces = new HashMap<>();
    private final Map<Address, UInt256> gasSpent = new HashMap<>();

    record Outcome(long block, boolean success, Optional<String> revertReason, List<Log> logs) {}

    StakingChain(StakingParameters params, List<GenesisStake> genesis, List<KeyPair> funded) {
        this.dispatcher = new ModuleDispatcher(new ModuleRegistry(List.of(new StakingModule(params, CHAIN_ID, new Secp256k1VoteVerifier()))));
        ChainParameters chainParams = new ChainParameters(CHAIN_ID, 30_000_000, GWEI, UInt256.valueOf(7), 1_000);
        Bytes32 validatorsHash = StakingGenesis.initialSet(params, genesis).hash();
        GenesisDefinition definition = new GenesisDefinition(1_767_225_600L, Bytes32.ZERO, validatorsHash, state -> {
            for (KeyPair key : funded) {
                state.setBalance(key.address(), FUNDING);
            }
            StakingGenesis.allocate(state, params, genesis);
        });
        this.chain = Blockchain.open(new InMemoryKeyValueStore(), chainParams,
                new BlockExecutor(new TransactionProcessor(CHAIN_ID, dispatcher)), definition);
    }

    static KeyPair key(int n) {
        return KeyPair.fromSecret(UInt256.valueOf(0x1000 + n));
    }

    static Bytes vrfKey(KeyPair key) {
        return Bytes.wrap(VrfKeyDerivation.fromValidatorSecret(key.secretKey().toArray()).publicKey());
    }

    static GenesisStake genesisStake(KeyPair key, UInt256 stake) {
        return new GenesisStake(key.address(), stake, vrfKey(key));
    }

    Blockchain blockchain() {
        return chain;
    }

    long height() {
        return chain.head().number();
    }

    Outcome send(KeyPair from, UInt256 value, Function function) {
        Bytes data = Bytes.fromHexString(FunctionEncoder.encode(function));
        long nonce = nonces.getOrDefault(from.address(), 0L);
        var tx = new DynamicFeeTransaction.Unsigned(CHAIN_ID, nonce, GWEI, GWEI.multiply(5), GAS_LIMIT,
                Optional.of(StakingModule.ADDRESS), value, data, List.of()).sign(from);
        List<String> skipped = new ArrayList<>();
        ProposedBlock block = chain.propose(List.of(tx), chain.head().timestamp() + 1, PROPOSER, Bytes32.ZERO, Bytes.EMPTY,
                Bytes32.ZERO, CommitCertificate.EMPTY, (t, reason) -> skipped.add(reason.getMessage()));
        if (!skipped.isEmpty()) {
            throw new IllegalStateException("transaction not includable: " + skipped);
        }
        chain.commit(block);
        nonces.put(from.address(), nonce + 1);
        List<Receipt> receipts = chain.receipts(chain.head().hash()).orElseThrow();
        Receipt receipt = receipts.get(receipts.size() - 1); // after any protocol transactions the block begins with
        UInt256 gasUsed = UInt256.valueOf(receipt.cumulativeGasUsed());
        gasSpent.merge(from.address(), tx.effectiveGasPrice(chain.head().baseFeePerGas()).multiply(gasUsed), UInt256::add);
        return new Outcome(chain.head().number(), receipt.success(), chain.revertReason(tx.hash()), receipt.logs());
    }

    /**
     * Builds and commits the next block as a proposer does with these evidence calls (those that revert are left
     * out) and returns the evidence transactions the block holds.
     */
    List<Transaction> includeEvidence(List<ProtocolCall> evidence) {
        ProposedBlock block = chain.propose(evidence, List.of(), chain.head().timestamp() + 1, PROPOSER, Bytes32.ZERO,
                Bytes.EMPTY, Bytes32.ZERO, CommitCertificate.EMPTY, (t, reason) -> {
                    throw new IllegalStateException(reason);
                });
        chain.commit(block);
        return block.block().transactions().stream()
                .filter(t -> t instanceof ProtocolTransaction p && p.type() == ProtocolTransaction.EVIDENCE).toList();
    }

    /** Why the evidence call would revert in the next block (run on a copy of the head state), or empty if it succeeds. */
    Optional<String> evidenceRevertReason(ProtocolCall call) {
        try {
            dispatcher.call(call.module(), call.data(), ProtocolTransaction.SYSTEM_ADDRESS, UInt256.ZERO, nextBlock(), chain.headState());
            return Optional.empty();
        } catch (ModuleRevertException e) {
            return Optional.of(e.reason());
        }
    }

    void advanceTo(long height) {
        if (height < height()) {
            throw new IllegalArgumentException("the head is already at " + height() + ", past " + height);
        }
        while (height() < height) {
            chain.commit(chain.propose(List.of(), chain.head().timestamp() + 1, PROPOSER, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO,
                    CommitCertificate.EMPTY, (t, reason) -> {
                        throw new IllegalStateException(reason);
                    }));
        }
    }

    @SuppressWarnings("rawtypes")
    List<Type> view(Function function) throws ModuleRevertException {
        Bytes data = Bytes.fromHexString(FunctionEncoder.encode(function));
        var result = dispatcher.call(StakingModule.ADDRESS, data, Address.ZERO, UInt256.ZERO, nextBlock(), chain.headState());
        return FunctionReturnDecoder.decode(result.returnData().toUnprefixedHexString(), function.getOutputParameters());
    }

    private BlockContext nextBlock() {
        return new BlockContext(height() + 1, chain.head().timestamp() + 1, PROPOSER, chain.nextBaseFee(), 30_000_000, Bytes32.ZERO);
    }

    /** Replays every block on a fresh node with the same genesis, as a follower does; returns its head hash. */
    Bytes32 replayOnAFollower(StakingParameters params, List<GenesisStake> genesis, List<KeyPair> funded) throws InvalidBlockException {
        StakingChain follower = new StakingChain(params, genesis, funded);
        for (long n = 1; n <= height(); n++) {
            Block block = Block.decode(chain.block(n).orElseThrow().encoded());
            follower.chain.commit(follower.chain.validate(block));
        }
        return follower.chain.head().hash();
    }

    Bytes32 headHash() {
        return chain.head().hash();
    }

    WorldState state() {
        return chain.headState();
    }

    StakingState staking() {
        return StakingState.of(chain.headState());
    }

    UInt256 balance(Address address) {
        return chain.headState().balance(address);
    }

    /** A funded sender's balance as it should be: funding − gas − {@code spent} + {@code received}. */
    UInt256 expectedBalance(Address sender, UInt256 spent, UInt256 received) {
        return FUNDING.subtract(gasSpent.getOrDefault(sender, UInt256.ZERO)).subtract(spent).add(received);
    }
}
