package io.veritas.chain.block;

import io.veritas.chain.crypto.InvalidSignatureException;
import io.veritas.chain.crypto.Signature;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.Objects;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/** One validator's precommit signature in a commit certificate. RLP: [validator, r ‖ s ‖ recoveryId]. */
public record CommitSignature(Address validator, Signature signature) {
  public CommitSignature {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(signature, "signature");
  }

  void writeTo(RLPWriter writer) {
    writer.writeList(
        w -> {
          w.writeValue(validator.bytes());
          w.writeValue(signature.toBytes());
        });
  }

  static CommitSignature readFrom(RLPReader reader) {
    return Rlp.readList(
        reader,
        "commit signature",
        r -> {
          Address validator = Rlp.readAddress(r, "commit validator");
          try {
            return new CommitSignature(validator, Signature.fromBytes(Rlp.readFixed(r, "commit signature", Signature.SIZE)));
          } catch (InvalidSignatureException e) {
            throw new InvalidRlpException("commit signature of " + validator + ": " + e.getMessage(), e);
          }
        });
  }
}
