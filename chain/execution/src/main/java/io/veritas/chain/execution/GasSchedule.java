package io.veritas.chain.execution;

/**
 * Veritas' fixed gas schedule. A transfer costs what it costs on Ethereum; a native module method costs the
 * transaction's intrinsic gas plus the method's own documented base and per-byte cost.
 */
public final class GasSchedule {
  /** Every transaction, as on Ethereum. */
  public static final long TRANSACTION = 21_000;
  /** EIP-2028 calldata costs. */
  public static final long ZERO_DATA_BYTE = 4;
  public static final long NONZERO_DATA_BYTE = 16;
  /** EIP-2930 access list costs (charged for compatibility; there is no EVM to warm). */
  public static final long ACCESS_LIST_ADDRESS = 2_400;
  public static final long ACCESS_LIST_STORAGE_KEY = 1_900;

  private GasSchedule() {}
}
