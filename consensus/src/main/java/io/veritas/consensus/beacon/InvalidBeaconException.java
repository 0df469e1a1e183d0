package io.veritas.consensus.beacon;

/** A block whose VRF proof or beacon is wrong: the block is invalid; the message names the problem and the values. */
public final class InvalidBeaconException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidBeaconException(String message) {
        super(message);
    }
}
