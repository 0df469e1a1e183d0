package io.veritas.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.consensus.beacon.BeaconOutput;
import io.veritas.consensus.beacon.BeaconProducer;
import io.veritas.consensus.beacon.BeaconVerifier;
import io.veritas.consensus.beacon.InvalidBeaconException;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.staking.StakedValidatorSet;
import io.veritas.consensus.staking.StakingModule;
import io.veritas.consensus.staking.StakingState;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import io.veritas.consensus.vrf.VrfKeyPair;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;

/**
 * The bundled devnet with the staking module registered, driven the way a node does: each block's validators hash
 * and VRF beacon come from the staking set of its height, and a dev account that stakes joins the set at H+2.
 */
class DevnetStakingTest {
    private static final KeyPair VALIDATOR =
            KeyPair.fromSecret(Bytes32.fromHexString("0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897"));
    private static final KeyPair ACCOUNT_0 =
            KeyPair.fromSecret(Bytes32.fromHexString("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
    private static final UInt256 ETH = UInt256.valueOf(1_000_000_000_000_000_000L);

    private final Genesis genesis;
    private final Blockchain chain;

    DevnetStakingTest() throws InvalidGenesisException {
        genesis = GenesisParser.bundled("devnet");
        StakingModule staking = new StakingModule(genesis.staking(), genesis.chainId(), new Secp256k1VoteVerifier());
        ModuleDispatcher modules = new ModuleDispatcher(new ModuleRegistry(List.of(staking)));
        chain = Blockchain.open(new InMemoryKeyValueStore(), genesis.parameters(),
                new BlockExecutor(new TransactionProcessor(genesis.chainId(), modules)), genesis.definition());
    }

    /** Builds and commits the next block as its proposer would: set, validators hash and beacon of that height. */
    private BlockHeader produce(List<Transaction> txs) throws InvalidBeaconException {
        BlockHeader parent = chain.head();
        long height = parent.number() + 1;
        StakedValidatorSet set = StakingState.validatorSetAt(chain.headState(), height);
        VrfKeyPair vrfKey = VrfKeyDerivation.fromValidatorSecret(VALIDATOR.secretKey().toArray());
        BeaconOutput beacon = BeaconProducer.produce(vrfKey, parent.beacon(), height);
        ProposedBlock block = chain.propose(txs, parent.timestamp() + 1, VALIDATOR.address(), beacon.beacon(), beacon.vrfProof(),
                set.hash(), CommitCertificate.EMPTY, (tx, reason) -> {
                    throw new AssertionError(reason);
                });
        // What every importing node checks before accepting the block.
        BeaconVerifier.verifyHeader(block.block().header(), parent.beacon(), set);
        chain.commit(block);
        return block.block().header();
    }

    @Test
    void devnetBlocksCarryTheStakingSetHashAndAVerifiedBeacon() throws Exception {
        assertEquals(genesis.validatorsHash(), chain.head().validatorsHash());
        assertEquals(genesis.initialBeacon(), chain.head().beacon());
        assertEquals(genesis.initialValidatorSet(), StakingState.validatorSetAt(chain.headState(), 1));
        assertEquals(UInt256.valueOf(new java.math.BigInteger("10000000000000000000000")), chain.headState().balance(StakingModule.ADDRESS));

        BlockHeader one = produce(List.of());
        assertEquals(genesis.validatorsHash(), one.validatorsHash());

        Bytes data = Bytes.fromHexString(FunctionEncoder.encode(new Function("stake",
                List.of(new DynamicBytes(VrfKeyDerivation.fromValidatorSecret(ACCOUNT_0.secretKey().toArray()).publicKey())), List.of())));
        var stake = new DynamicFeeTransaction.Unsigned(genesis.chainId(), 0, UInt256.valueOf(1_000_000_000L), UInt256.valueOf(10_000_000_000L),
                200_000, Optional.of(StakingModule.ADDRESS), ETH.multiply(1_000), data, List.of()).sign(ACCOUNT_0);
        produce(List.of(stake)); // block 2
        assertEquals(Optional.empty(), chain.revertReason(stake.hash()));
        BlockHeader three = produce(List.of());
        assertEquals(1, chain.block(3).orElseThrow().transactions().size(), "block 3 begins with the ranking call");
        assertEquals(genesis.validatorsHash(), three.validatorsHash(), "height 3 still has the genesis set");

        StakedValidatorSet four = StakingState.validatorSetAt(chain.headState(), 4);
        assertEquals(2, four.members().size());
        assertTrue(four.contains(ACCOUNT_0.address()));
        BlockHeader h4 = produce(List.of());
        assertEquals(four.hash(), h4.validatorsHash());

        // A beacon from the wrong key is refused: the new validator's key cannot sign for the devnet validator.
        VrfKeyPair wrong = VrfKeyDerivation.fromValidatorSecret(ACCOUNT_0.secretKey().toArray());
        BeaconOutput forged = BeaconProducer.produce(wrong, h4.beacon(), 5);
        BlockHeader fake = new BlockHeader(h4.hash(), 5, h4.timestamp() + 1, VALIDATOR.address(), h4.stateRoot(), h4.transactionsRoot(),
                h4.receiptsRoot(), h4.logsBloom(), h4.gasLimit(), 0, h4.baseFeePerGas(), forged.beacon(), forged.vrfProof(),
                four.hash(), h4.lastCommitHash());
        InvalidBeaconException e = assertThrows(InvalidBeaconException.class, () -> BeaconVerifier.verifyHeader(fake, h4.beacon(), four));
        assertTrue(e.getMessage().startsWith("block 5: VRF proof does not verify under VRF key "
                + four.member(VALIDATOR.address()).orElseThrow().vrfKey().toHexString()), e.getMessage());
    }
}
