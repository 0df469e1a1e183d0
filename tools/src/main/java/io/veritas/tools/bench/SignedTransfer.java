package io.veritas.tools.bench;

import java.util.Objects;

/** A signed transaction ready to send: its EIP-2718 encoding and its hash, both as 0x-prefixed lowercase hex. */
public record SignedTransfer(String rawHex, String hashHex) {
  public SignedTransfer {
    Objects.requireNonNull(rawHex, "rawHex");
    Objects.requireNonNull(hashHex, "hashHex");
    if (!rawHex.startsWith("0x") || !hashHex.startsWith("0x") || hashHex.length() != 66) {
      throw new IllegalArgumentException("expected 0x-prefixed raw transaction and 32-byte hash, got " + hashHex);
    }
  }
}
