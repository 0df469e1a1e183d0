package io.veritas.chain.p2p.gossip;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Function;

/**
 * How messages of one topic are signed and identified. StrictNoSign topics need a content-based id function
 * (both ends of the network must agree on it).
 */
public record TopicOptions(SignaturePolicy policy, Function<byte[], byte[]> contentId) {
  public TopicOptions {
    if (policy == null) {
      throw new IllegalArgumentException("signature policy is required");
    }
    if (policy == SignaturePolicy.STRICT_NO_SIGN && contentId == null) {
      throw new IllegalArgumentException("StrictNoSign topics need a content message-id function");
    }
  }

  public static TopicOptions strictSign() {
    return new TopicOptions(SignaturePolicy.STRICT_SIGN, null);
  }

  /** StrictNoSign with message id = SHA-256 of the data. */
  public static TopicOptions strictNoSignSha256() {
    return new TopicOptions(SignaturePolicy.STRICT_NO_SIGN, TopicOptions::sha256);
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }
}
