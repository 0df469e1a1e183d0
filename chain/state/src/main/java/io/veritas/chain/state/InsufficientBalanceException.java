package io.veritas.chain.state;

import io.veritas.chain.types.Address;
import org.apache.tuweni.units.bigints.UInt256;

/** A debit larger than the account's balance; balances never go below zero. */
public final class InsufficientBalanceException extends RuntimeException {
  private final Address account;
  private final UInt256 balance;
  private final UInt256 amount;

  public InsufficientBalanceException(Address account, UInt256 balance, UInt256 amount) {
    super("insufficient balance: account " + account + " has " + balance.toDecimalString() + " wei, cannot debit "
        + amount.toDecimalString() + " wei");
    this.account = account;
    this.balance = balance;
    this.amount = amount;
  }

  public Address account() {
    return account;
  }

  public UInt256 balance() {
    return balance;
  }

  public UInt256 amount() {
    return amount;
  }
}
