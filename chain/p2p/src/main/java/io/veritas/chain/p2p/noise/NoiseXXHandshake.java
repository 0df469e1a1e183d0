package io.veritas.chain.p2p.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The Noise_XX_25519_ChaChaPoly_SHA256 handshake (Noise spec §7.5), free of I/O:
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 * with SymmetricState (§5.2) and HandshakeState (§5.3) inlined. The prologue is empty, as libp2p's Noise spec
 * prescribes. {@link #writeMessage} and {@link #readMessage} alternate; after the third message {@link #split}
 * returns the transport cipher states.
 */
public final class NoiseXXHandshake {
  public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
  static final int DH_LEN = 32;
  private static final int HASH_LEN = 32;

  /** The transport ciphers: {@code send} encrypts our messages, {@code receive} decrypts the peer's. */
  public record TransportCiphers(NoiseCipherState send, NoiseCipherState receive) {}

  private final boolean initiator;
  private final byte[] staticPrivate;
  private final byte[] staticPublic;
  private final byte[] ephemeralPrivate;
  private final byte[] ephemeralPublic;
  private byte[] remoteEphemeral;
  private byte[] remoteStatic;
  // SymmetricState
  private byte[] ck;
  private byte[] h;
  private NoiseCipherState cipher; // null until the first MixKey
  private int messageIndex;

  /**
   * @param staticPrivate our X25519 static private key (the "noise key", distinct from the libp2p identity key)
   * @param ephemeralPrivate a fresh X25519 private key; injectable so tests can replay known handshakes
   */
  public NoiseXXHandshake(boolean initiator, byte[] staticPrivate, byte[] ephemeralPrivate) {
    this(initiator, staticPrivate, ephemeralPrivate, new byte[0]);
  }

  /** With a prologue; libp2p uses none, the Noise test vectors do. */
  NoiseXXHandshake(boolean initiator, byte[] staticPrivate, byte[] ephemeralPrivate, byte[] prologue) {
    this.initiator = initiator;
    this.staticPrivate = staticPrivate.clone();
    this.staticPublic = publicKey(staticPrivate);
    this.ephemeralPrivate = ephemeralPrivate.clone();
    this.ephemeralPublic = publicKey(ephemeralPrivate);
    // §5.2 InitializeSymmetric: the name is exactly HASHLEN bytes, so h = name; ck = h. Then MixHash(prologue="").
    byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
    this.h = Arrays.copyOf(name, HASH_LEN);
    this.ck = h.clone();
    mixHash(prologue);
  }

  public static NoiseXXHandshake create(boolean initiator, byte[] staticPrivate, SecureRandom random) {
    return new NoiseXXHandshake(initiator, staticPrivate, generatePrivateKey(random));
  }

  public static byte[] generatePrivateKey(SecureRandom random) {
    byte[] k = new byte[X25519.SCALAR_SIZE];
    X25519.generatePrivateKey(random, k);
    return k;
  }

  public static byte[] publicKey(byte[] privateKey) {
    byte[] pub = new byte[X25519.POINT_SIZE];
    X25519.generatePublicKey(privateKey, 0, pub, 0);
    return pub;
  }

  public byte[] staticPublicKey() {
    return staticPublic.clone();
  }

  /** The peer's static key, known after it has been received (message 2 for the initiator, 3 for the responder). */
  public byte[] remoteStaticKey() {
    if (remoteStatic == null) {
      throw new IllegalStateException("remote static key not received yet");
    }
    return remoteStatic.clone();
  }

  public boolean isComplete() {
    return messageIndex == 3;
  }

  /** Whether the next message is ours to write. */
  public boolean isMyTurn() {
    return !isComplete() && ((messageIndex % 2 == 0) == initiator);
  }

  /** Handshake hash, identical on both sides after completion (channel binding). */
  public byte[] handshakeHash() {
    return h.clone();
  }

  public byte[] writeMessage(byte[] payload) {
    if (!isMyTurn()) {
      throw new IllegalStateException("not our turn to write (message " + (messageIndex + 1) + ")");
    }
    byte[] out;
    switch (messageIndex) {
      case 0 -> { // -> e
        mixHash(ephemeralPublic);
        out = concat(ephemeralPublic, encryptAndHash(payload));
      }
      case 1 -> { // <- e, ee, s, es
        mixHash(ephemeralPublic);
        mixKey(dh(ephemeralPrivate, remoteEphemeral));
        byte[] s = encryptAndHash(staticPublic);
        mixKey(dh(staticPrivate, remoteEphemeral));
        out = concat(concat(ephemeralPublic, s), encryptAndHash(payload));
      }
      default -> { // -> s, se
        byte[] s = encryptAndHash(staticPublic);
        mixKey(dh(staticPrivate, remoteEphemeral));
        out = concat(s, encryptAndHash(payload));
      }
    }
    messageIndex++;
    return out;
  }

  /** Processes the peer's next handshake message and returns its payload; throws {@link NoiseException}. */
  public byte[] readMessage(byte[] message) {
    if (isMyTurn() || isComplete()) {
      throw new NoiseException("unexpected handshake message " + (messageIndex + 1));
    }
    byte[] payload;
    switch (messageIndex) {
      case 0 -> { // -> e (we are the responder)
        requireLength(message, DH_LEN);
        remoteEphemeral = Arrays.copyOf(message, DH_LEN);
        mixHash(remoteEphemeral);
        payload = decryptAndHash(Arrays.copyOfRange(message, DH_LEN, message.length));
      }
      case 1 -> { // <- e, ee, s, es (we are the initiator)
        requireLength(message, DH_LEN + DH_LEN + NoiseCipherState.TAG_LENGTH);
        remoteEphemeral = Arrays.copyOf(message, DH_LEN);
        mixHash(remoteEphemeral);
        mixKey(dh(ephemeralPrivate, remoteEphemeral));
        remoteStatic = decryptAndHash(Arrays.copyOfRange(message, DH_LEN, 2 * DH_LEN + NoiseCipherState.TAG_LENGTH));
        mixKey(dh(ephemeralPrivate, remoteStatic));
        payload = decryptAndHash(Arrays.copyOfRange(message, 2 * DH_LEN + NoiseCipherState.TAG_LENGTH, message.length));
      }
      default -> { // -> s, se (we are the responder)
        requireLength(message, DH_LEN + NoiseCipherState.TAG_LENGTH);
        remoteStatic = decryptAndHash(Arrays.copyOf(message, DH_LEN + NoiseCipherState.TAG_LENGTH));
        mixKey(dh(ephemeralPrivate, remoteStatic));
        payload = decryptAndHash(Arrays.copyOfRange(message, DH_LEN + NoiseCipherState.TAG_LENGTH, message.length));
      }
    }
    messageIndex++;
    return payload;
  }

  /** §5.2 Split: the first key encrypts initiator-to-responder traffic. */
  public TransportCiphers split() {
    if (!isComplete()) {
      throw new IllegalStateException("handshake not complete");
    }
    byte[][] keys = hkdf(ck, new byte[0]);
    NoiseCipherState c1 = new NoiseCipherState(keys[0]);
    NoiseCipherState c2 = new NoiseCipherState(keys[1]);
    return initiator ? new TransportCiphers(c1, c2) : new TransportCiphers(c2, c1);
  }

  private void mixHash(byte[] data) {
    h = sha256(h, data);
  }

  private void mixKey(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm);
    ck = out[0];
    cipher = new NoiseCipherState(out[1]);
  }

  private byte[] encryptAndHash(byte[] plaintext) {
    byte[] c = cipher == null ? plaintext.clone() : cipher.encrypt(h, plaintext, 0, plaintext.length);
    mixHash(c);
    return c;
  }

  private byte[] decryptAndHash(byte[] ciphertext) {
    byte[] p = cipher == null ? ciphertext.clone() : cipher.decrypt(h, ciphertext, 0, ciphertext.length);
    mixHash(ciphertext);
    return p;
  }

  private static byte[] dh(byte[] privateKey, byte[] publicKey) {
    byte[] out = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(privateKey, 0, publicKey, 0, out, 0)) {
      throw new NoiseException("peer sent a low-order X25519 public key");
    }
    return out;
  }

  /** §4.3 HKDF with two outputs, HMAC-SHA256. */
  static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
    byte[] temp = hmac(chainingKey, ikm);
    byte[] out1 = hmac(temp, new byte[] {1});
    byte[] out2 = hmac(temp, concat(out1, new byte[] {2}));
    return new byte[][] {out1, out2};
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK without HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] a, byte[] b) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(a);
      d.update(b);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void requireLength(byte[] message, int min) {
    if (message.length < min) {
      throw new NoiseException("handshake message of " + message.length + " bytes is shorter than " + min);
    }
  }
}
