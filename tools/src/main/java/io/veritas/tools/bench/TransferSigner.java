package io.veritas.tools.bench;

import fr.acinq.secp256k1.Secp256k1;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.crypto.Signature;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.types.Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Makes the benchmark's accounts and signs its EIP-1559 transfers ahead of time, so the machine spends the
 * measurement on the node and not on signing.
 */
public final class TransferSigner {
  /** Gas of a plain value transfer. */
  public static final long TRANSFER_GAS = 21_000;

  private static final Secp256k1 NATIVE = Secp256k1.get();

  private final long chainId;
  private final UInt256 maxPriorityFeePerGas;
  private final UInt256 maxFeePerGas;

  public TransferSigner(long chainId, UInt256 maxPriorityFeePerGas, UInt256 maxFeePerGas) {
    if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
      throw new IllegalArgumentException(
          "tip " + maxPriorityFeePerGas.toDecimalString() + " above max fee " + maxFeePerGas.toDecimalString());
    }
    this.chainId = chainId;
    this.maxPriorityFeePerGas = maxPriorityFeePerGas;
    this.maxFeePerGas = maxFeePerGas;
  }

  public UInt256 maxFeePerGas() {
    return maxFeePerGas;
  }

  /**
   * {@code count} keys derived from keccak256("veritas-bench-account-" ‖ i): the same accounts every run, so
   * a benchmark against a long-lived node reuses the accounts it funded before.
   */
  public static List<KeyPair> benchAccounts(int count) {
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i -> {
              Bytes32 secret = Keccak256.hash(Bytes.wrap(("veritas-bench-account-" + i).getBytes(StandardCharsets.UTF_8)));
              // A keccak output is a valid secret except with probability ~2^-128; rehash in that case.
              while (!KeyPair.isValidSecret(secret)) {
                secret = Keccak256.hash(secret);
              }
              return KeyPair.fromSecret(secret);
            })
        .toList();
  }

  /** One signed transfer of {@code value} wei from {@code from} (with {@code nonce}) to {@code to}. */
  public SignedTransfer sign(KeyPair from, long nonce, Address to, UInt256 value) {
    var unsigned =
        new DynamicFeeTransaction.Unsigned(
            chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, TRANSFER_GAS, Optional.of(to), value, Bytes.EMPTY, List.of());
    Bytes encoded = new DynamicFeeTransaction(unsigned, signFast(unsigned.signingHash(), from), from.address()).encoded();
    return new SignedTransfer(encoded.toHexString(), Keccak256.hash(encoded).toHexString());
  }

  /**
   * ECDSA signature with its recovery id, at one public-key recovery instead of the up to two a general signer
   * spends finding the id: if recovery id 0 does not give back the key, 1 does (ids 2 and 3 need r >= n, which
   * happens with probability ~2^-127 and Ethereum cannot express). Pre-signing hundreds of thousands of
   * transfers is the benchmark's longest setup step.
   */
  private static Signature signFast(Bytes32 messageHash, KeyPair key) {
    byte[] message = messageHash.toArrayUnsafe();
    byte[] compact = NATIVE.sign(message, key.secretKey().toArrayUnsafe());
    byte[] recovered = NATIVE.ecdsaRecover(compact, message, 0);
    int recoveryId = Bytes.wrap(recovered, 1, KeyPair.PUBLIC_KEY_SIZE).equals(key.publicKey()) ? 0 : 1;
    return new Signature(Bytes32.wrap(compact, 0), Bytes32.wrap(compact, 32), recoveryId);
  }

  /**
   * {@code rounds} transfers from each of {@code senders}: round r holds nonce {@code startNonces[i] + r} of
   * every sender i, in sender order, and sender i pays 1 wei to sender i+1 (so each transfer changes two
   * accounts, as real transfers do). Signed in parallel; the result is ordered round by round.
   */
  public SignedTransfer[] signRounds(List<KeyPair> senders, List<Address> addresses, long[] startNonces, int rounds) {
    int n = senders.size();
    if (addresses.size() != n || startNonces.length != n) {
      throw new IllegalArgumentException(
          "senders, addresses and nonces differ in length: " + n + ", " + addresses.size() + ", " + startNonces.length);
    }
    long total = (long) n * rounds;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many transfers to pre-sign: " + total);
    }
    SignedTransfer[] transfers = new SignedTransfer[(int) total];
    IntStream.range(0, transfers.length)
        .parallel()
        .forEach(
            k -> {
              int round = k / n;
              int i = k % n;
              transfers[k] = sign(senders.get(i), startNonces[i] + round, addresses.get((i + 1) % n), UInt256.ONE);
            });
    return transfers;
  }
}
