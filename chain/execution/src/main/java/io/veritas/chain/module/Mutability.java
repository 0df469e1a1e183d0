package io.veritas.chain.module;

/** Solidity's stateMutability of a module method: what a call may do to state and whether it takes value. */
public enum Mutability {
  VIEW("view"),
  NONPAYABLE("nonpayable"),
  PAYABLE("payable");

  private final String abiName;

  Mutability(String abiName) {
    this.abiName = abiName;
  }

  public String abiName() {
    return abiName;
  }
}
