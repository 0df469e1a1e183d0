package io.veritas.inference.trace;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 6962 Merkle tree hash over a list of leaves: MTH({}) = sha256(), MTH({d}) = sha256(0x00 ‖ d),
 * MTH(D[n]) = sha256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k the largest power of two smaller than n. Audit paths
 * are RFC 6962's PATH(m, D[n]); verification follows RFC 9162 section 2.1.3.2.
 */
public final class MerkleTree {
  private final List<byte[]> leafHashes;
  private final byte[] root;

  public MerkleTree(List<byte[]> leaves) {
    MessageDigest md = TraceLeaf.sha256();
    this.leafHashes = new ArrayList<>(leaves.size());
    for (byte[] leaf : leaves) {
      leafHashes.add(leafHash(md, leaf));
    }
    this.root = leafHashes.isEmpty() ? md.digest() : subtree(md, 0, leafHashes.size());
  }

  public byte[] root() {
    return root.clone();
  }

  public int size() {
    return leafHashes.size();
  }

  /** The audit path of leaf {@code index}, from the leaf's sibling up to the root's child. */
  public List<byte[]> proof(int index) {
    if (index < 0 || index >= leafHashes.size()) {
      throw new IllegalArgumentException("leaf index " + index + " outside 0.." + (leafHashes.size() - 1));
    }
    List<byte[]> path = new ArrayList<>();
    path(TraceLeaf.sha256(), index, 0, leafHashes.size(), path);
    return path;
  }

  /** Checks that {@code leaf} is leaf {@code index} of a tree of {@code size} leaves with root {@code root}. */
  public static boolean verify(byte[] root, int size, int index, byte[] leaf, List<byte[]> proof) {
    if (index < 0 || index >= size) {
      return false;
    }
    MessageDigest md = TraceLeaf.sha256();
    long fn = index;
    long sn = size - 1L;
    byte[] r = leafHash(md, leaf);
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = node(md, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = node(md, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  private void path(MessageDigest md, int m, int from, int n, List<byte[]> out) {
    if (n == 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(md, m, from, k, out);
      out.add(subtree(md, from + k, n - k));
    } else {
      path(md, m - k, from + k, n - k, out);
      out.add(subtree(md, from, k));
    }
  }

  private byte[] subtree(MessageDigest md, int from, int n) {
    if (n == 1) {
      return leafHashes.get(from);
    }
    int k = largestPowerOfTwoBelow(n);
    return node(md, subtree(md, from, k), subtree(md, from + k, n - k));
  }

  static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  static byte[] leafHash(MessageDigest md, byte[] leaf) {
    md.reset();
    md.update((byte) 0x00);
    md.update(leaf);
    return md.digest();
  }

  static byte[] node(MessageDigest md, byte[] left, byte[] right) {
    md.reset();
    md.update((byte) 0x01);
    md.update(left);
    md.update(right);
    return md.digest();
  }
}
