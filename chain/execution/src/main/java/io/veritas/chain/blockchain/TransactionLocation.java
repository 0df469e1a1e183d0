package io.veritas.chain.blockchain;

import org.apache.tuweni.bytes.Bytes32;

/** Where a committed transaction is: its block and its index in that block. */
public record TransactionLocation(Bytes32 blockHash, long blockNumber, int index) {}
