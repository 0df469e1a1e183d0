package io.veritas.consensus.staking;

import io.veritas.chain.types.Address;
import io.veritas.consensus.vrf.EcVrf;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * What the staking module keeps about one validator account.
 *
 * @param stake          bonded wei: counts for the active set and is slashable
 * @param unbonding      wei leaving (after {@code unstake}): no voting power, still slashable, withdrawable from
 *                       block {@code withdrawableAt}
 * @param withdrawableAt the first block in which {@code withdraw()} pays out {@code unbonding} (0 when nothing unbonds)
 * @param jailedUntil    0 = not jailed; otherwise the validator was jailed and may re-stake from this block on
 *                       ({@link Long#MAX_VALUE}: never). A jailed validator is never in the active set; its jail ends
 *                       only when it calls {@code stake} again after this block
 * @param vrfKey         its ECVRF-P256 public key (33 bytes, SEC1 compressed)
 */
public record ValidatorRecord(
        Address address, UInt256 stake, UInt256 unbonding, long withdrawableAt, long jailedUntil, Bytes vrfKey) {

    public ValidatorRecord {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(stake, "stake");
        Objects.requireNonNull(unbonding, "unbonding");
        Objects.requireNonNull(vrfKey, "vrfKey");
        if (withdrawableAt < 0 || jailedUntil < 0) {
            throw new IllegalArgumentException("validator " + address + " record has negative heights: withdrawableAt "
                    + withdrawableAt + ", jailedUntil " + jailedUntil);
        }
        if (vrfKey.size() != EcVrf.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("validator " + address + " VRF key must be " + EcVrf.PUBLIC_KEY_LENGTH
                    + " bytes, got " + vrfKey.size());
        }
    }

    public boolean isJailed() {
        return jailedUntil != 0;
    }

    public ValidatorRecord withStake(UInt256 newStake) {
        return new ValidatorRecord(address, newStake, unbonding, withdrawableAt, jailedUntil, vrfKey);
    }

    public ValidatorRecord withUnbonding(UInt256 newUnbonding, long newWithdrawableAt) {
        return new ValidatorRecord(address, stake, newUnbonding, newWithdrawableAt, jailedUntil, vrfKey);
    }

    public ValidatorRecord withJailedUntil(long newJailedUntil) {
        return new ValidatorRecord(address, stake, unbonding, withdrawableAt, newJailedUntil, vrfKey);
    }

    public ValidatorRecord withVrfKey(Bytes newVrfKey) {
        return new ValidatorRecord(address, stake, unbonding, withdrawableAt, jailedUntil, newVrfKey);
    }
}
