package io.veritas.testnet.sync;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.block.CommitSignature;
import io.veritas.chain.crypto.InvalidSignatureException;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.crypto.Secp256k1Signer;
import io.veritas.chain.types.Address;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.VoteType;
import io.veritas.genesis.GenesisValidator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes;

/**
 * Signing and checking the certificate that finalizes a block: precommits (round 0 in dev mode) over the
 * consensus sign-bytes, keccak256-hashed and signed with secp256k1, from validators holding more than 2/3
 * of the voting power. A node that syncs checks every block's certificate before it executes the block.
 */
public final class CommitCertificates {
  private CommitCertificates() {}

  public static CommitSignature sign(long chainId, long height, int round, Block block, KeyPair key) {
    return new CommitSignature(key.address(), Secp256k1Signer.sign(signingHash(chainId, height, round, block), key));
  }

  static org.apache.tuweni.bytes.Bytes32 signingHash(long chainId, long height, int round, Block block) {
    byte[] bytes = SignBytes.vote(chainId, VoteType.PRECOMMIT, height, round, BlockId.of(block.hash().toArrayUnsafe()));
    return Keccak256.hash(Bytes.wrap(bytes));
  }

  /** Checks that {@code certificate} finalizes {@code block}; throws with the reason when it does not. */
  public static void verify(long chainId, CommitCertificate certificate, Block block, List<GenesisValidator> validators)
      throws InvalidCertificateException {
    long number = block.header().number();
    if (certificate.height() != number || !certificate.blockHash().equals(block.hash())) {
      throw new InvalidCertificateException("certificate is for block " + certificate.height() + " " + certificate.blockHash()
          + ", not block " + number + " " + block.hash());
    }
    Map<Address, Long> power = validators.stream().collect(Collectors.toMap(GenesisValidator::address, GenesisValidator::power));
    long total = power.values().stream().mapToLong(Long::longValue).sum();
    var hash = signingHash(chainId, certificate.height(), certificate.round(), block);
    long signed = 0;
    Set<Address> seen = new HashSet<>();
    for (CommitSignature sig : certificate.signatures()) {
      Long p = power.get(sig.validator());
      if (p == null) {
        throw new InvalidCertificateException("block " + number + ": " + sig.validator() + " is not a validator");
      }
      if (!seen.add(sig.validator())) {
        throw new InvalidCertificateException("block " + number + ": validator " + sig.validator() + " signed twice");
      }
      try {
        if (!Secp256k1Signer.recoverAddress(hash, sig.signature()).equals(sig.validator())) {
          throw new InvalidCertificateException("block " + number + ": the signature of " + sig.validator() + " is not its own");
        }
      } catch (InvalidSignatureException e) {
        throw new InvalidCertificateException("block " + number + ": bad signature of " + sig.validator() + ": " + e.getMessage());
      }
      signed += p;
    }
    if (3 * signed <= 2 * total) {
      throw new InvalidCertificateException(
          "block " + number + ": precommits carry " + signed + " of " + total + " voting power, not more than 2/3");
    }
  }

  /** A certificate that does not finalize the block it comes with. */
  public static final class InvalidCertificateException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCertificateException(String message) {
      super(message);
    }
  }
}
