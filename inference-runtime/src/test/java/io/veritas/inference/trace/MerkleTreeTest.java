package io.veritas.inference.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new byte[] {(byte) i});
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({
      "1, 96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "2, a20bf9a7cc2dc8a08f5f415a71b19f6ac427bab54d24eec868b5d3103449953a",
      "3, 3b6cccd7e3e023ff393006f030315ee7ad9eb111b022b41fba7e5b7a3973f688",
      "5, b855b42d6c30f5b087e05266783fbd6e394f7b926013ccaa67700a8b0c5a596f",
      "7, 3560191803028444b232018ac047fdb561c09c23a7a6876c85e08b5e4d48e9f3",
      "8, ef7f49b620f6c7ea9b963a214da34b5021c6ded8ed57734380a311ab726aa907",
      "13, df5ee130e5a247600d190c31074458de3c0dc58f0b0d8a6a2b3dd4fd7e569501"})
  void rootFollowsRfc6962(int n, String expectedHex) {
    // Expected roots computed independently from RFC 6962's MTH definition.
    assertEquals(expectedHex, HexFormat.of().formatHex(new MerkleTree(leaves(n)).root()));
  }

  @Test
  void emptyTreeRootIsTheHashOfNothing() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HexFormat.of().formatHex(new MerkleTree(List.of()).root()));
  }

  @Test
  void everyProofVerifiesAndATamperedOneDoesNot() {
    for (int n = 1; n <= 33; n++) {
      List<byte[]> leaves = leaves(n);
      MerkleTree tree = new MerkleTree(leaves);
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = tree.proof(i);
        assertTrue(MerkleTree.verify(tree.root(), n, i, leaves.get(i), proof), "n=" + n + " i=" + i);
        assertFalse(MerkleTree.verify(tree.root(), n, i, new byte[] {(byte) (i + 1)}, proof));
        if (n > 1) {
          assertFalse(MerkleTree.verify(tree.root(), n, (i + 1) % n, leaves.get(i), proof));
          List<byte[]> bad = new ArrayList<>(proof);
          byte[] first = bad.get(0).clone();
          first[0] ^= 1;
          bad.set(0, first);
          assertFalse(MerkleTree.verify(tree.root(), n, i, leaves.get(i), bad));
        }
      }
    }
  }

  @Test
  void traceLayoutPlacesBoundariesAfterEveryStrideAndTheFinalNorm() {
    TraceLayout layout = new TraceLayout(30, 4);
    assertEquals(8, layout.boundaries()); // after layers 4, 8, ..., 28, then the final norm
    assertEquals(0, layout.boundaryAfterLayers(4));
    assertEquals(-1, layout.boundaryAfterLayers(30));
    assertEquals(6, layout.boundaryAfterLayers(28));
    assertEquals(7, layout.finalNormBoundary());
    assertEquals(8 * 3 + 2, layout.leafIndex(3, 2));
  }

  @Test
  void leafHashesPositionBoundaryAndLittleEndianFloats() throws Exception {
    byte[] leaf = new TraceLeaf(2).hash(1, 2, new float[] {9f, 1f, -2f}, 1);
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    byte[] expected = md.digest(new byte[] {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0});
    assertArrayEquals(expected, leaf);
  }
}
