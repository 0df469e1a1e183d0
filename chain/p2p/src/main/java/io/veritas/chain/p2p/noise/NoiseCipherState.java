package io.veritas.chain.p2p.noise;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise CipherState (Noise spec §5.1) with ChaChaPoly: key k and 64-bit nonce n; the 96-bit nonce is 32 zero bits
 * followed by n little-endian (§12.3). Not thread-safe: each direction of a session owns one.
 */
public final class NoiseCipherState {
  /** ChaChaPoly tag length. */
  public static final int TAG_LENGTH = 16;
  /** Nonce 2^64-1 is reserved (§5.1); we stop one earlier and treat exhaustion as a fatal session error. */
  private static final long MAX_NONCE = -2L;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  NoiseCipherState(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("ChaChaPoly key must be 32 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK without ChaCha20-Poly1305", e);
    }
  }

  long nonce() {
    return nonce;
  }

  /** Encrypts {@code plaintext[offset..offset+length)} with associated data {@code ad}; returns ciphertext ‖ tag. */
  public byte[] encrypt(byte[] ad, byte[] plaintext, int offset, int length) {
    init(Cipher.ENCRYPT_MODE);
    try {
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(plaintext, offset, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /** Decrypts and authenticates; throws {@link NoiseException} if the tag does not verify. */
  public byte[] decrypt(byte[] ad, byte[] ciphertext, int offset, int length) {
    if (length < TAG_LENGTH) {
      throw new NoiseException("ciphertext of " + length + " bytes is shorter than the 16-byte tag");
    }
    init(Cipher.DECRYPT_MODE);
    try {
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(ciphertext, offset, length);
    } catch (AEADBadTagException e) {
      throw new NoiseException("message authentication failed at nonce " + (nonce - 1), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  /**
   * Transport-mode encryption (empty associated data) straight between buffers, so frames are not copied through
   * byte arrays. Returns the number of bytes written to {@code out} (plaintext length + 16).
   */
  public int encrypt(java.nio.ByteBuffer plaintext, java.nio.ByteBuffer out) {
    init(Cipher.ENCRYPT_MODE);
    try {
      return cipher.doFinal(plaintext, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Transport-mode decryption in place: {@code buffer[offset..offset+length)} holds ciphertext ‖ tag and receives the
   * plaintext at {@code offset}. Returns the plaintext length ({@code length - 16}); throws {@link NoiseException} if
   * the tag does not verify. (The JDK's array path authenticates before decrypting and allocates nothing, unlike its
   * ByteBuffer path, which copies the whole frame into a fresh array first.)
   */
  public int decryptInPlace(byte[] buffer, int offset, int length) {
    if (length < TAG_LENGTH) {
      throw new NoiseException("ciphertext of " + length + " bytes is shorter than the 16-byte tag");
    }
    init(Cipher.DECRYPT_MODE);
    try {
      return cipher.doFinal(buffer, offset, length, buffer, offset);
    } catch (AEADBadTagException e) {
      throw new NoiseException("message authentication failed at nonce " + (nonce - 1), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  private void init(int mode) {
    if (nonce == MAX_NONCE) {
      throw new NoiseException("nonce space exhausted; the session must be re-established");
    }
    long n = nonce++;
    for (int i = 0; i < 8; i++) {
      nonceBytes[4 + i] = (byte) (n >>> (8 * i));
    }
    try {
      cipher.init(mode, key, new IvParameterSpec(nonceBytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 init failed", e);
    }
  }
}
