package io.veritas.chain.p2p.noise;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.identity.PublicKey;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * libp2p's {@code NoiseHandshakePayload {bytes identity_key = 1; bytes identity_sig = 2; NoiseExtensions
 * extensions = 4;}}: the identity key and its signature over {@code "noise-libp2p-static-key:" ‖ static key}.
 * Extensions are skipped when read and not sent (muxers are then negotiated with multistream-select).
 */
public record NoiseHandshakePayload(byte[] identityKey, byte[] identitySignature) {
  static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  public NoiseHandshakePayload {
    identityKey = identityKey.clone();
    identitySignature = identitySignature.clone();
  }

  public static NoiseHandshakePayload sign(PrivateKey identity, byte[] noiseStaticPublicKey) {
    return new NoiseHandshakePayload(identity.publicKey().protobuf(), identity.sign(signedData(noiseStaticPublicKey)));
  }

  static byte[] signedData(byte[] noiseStaticPublicKey) {
    byte[] data = Arrays.copyOf(SIGNATURE_PREFIX, SIGNATURE_PREFIX.length + noiseStaticPublicKey.length);
    System.arraycopy(noiseStaticPublicKey, 0, data, SIGNATURE_PREFIX.length, noiseStaticPublicKey.length);
    return data;
  }

  /**
   * Returns the peer's identity key if its signature over {@code remoteStaticKey} verifies; throws
   * {@link NoiseException} otherwise.
   */
  public PublicKey verify(byte[] remoteStaticKey) {
    PublicKey key;
    try {
      key = PublicKey.fromProtobuf(identityKey);
    } catch (WireFormatException e) {
      throw new NoiseException("handshake payload carries an invalid identity key: " + e.getMessage(), e);
    }
    if (!key.verify(signedData(remoteStaticKey), identitySignature)) {
      throw new NoiseException("identity signature over the Noise static key does not verify for " + key.type() + " key");
    }
    return key;
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }

  @Override
  public byte[] identitySignature() {
    return identitySignature.clone();
  }

  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeByteArray(1, identityKey);
      out.writeByteArray(2, identitySignature);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory protobuf write failed", e);
    }
  }

  public static NoiseHandshakePayload decode(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      byte[] key = null;
      byte[] sig = null;
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (tag) {
          case 10 -> key = in.readByteArray();
          case 18 -> sig = in.readByteArray();
          default -> in.skipField(tag);
        }
      }
      if (key == null || sig == null) {
        throw new NoiseException("handshake payload lacks the identity " + (key == null ? "key" : "signature"));
      }
      return new NoiseHandshakePayload(key, sig);
    } catch (IOException e) {
      throw new NoiseException("malformed handshake payload protobuf: " + e.getMessage(), e);
    }
  }
}
