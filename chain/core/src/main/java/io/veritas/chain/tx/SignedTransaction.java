package io.veritas.chain.tx;

import io.veritas.chain.crypto.Signature;

/** A transaction a user signed: every Ethereum envelope Veritas accepts from wallets. */
public sealed interface SignedTransaction extends Transaction
    permits LegacyTransaction, AccessListTransaction, DynamicFeeTransaction {
  Signature signature();
}
