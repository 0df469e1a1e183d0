package io.veritas.chain.trie;

import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The RLP of trie nodes, written straight into exactly-sized arrays (the hot path of state commits), and
 * read back without intermediate objects.
 */
final class NodeRlp {
  private NodeRlp() {}

  static int stringSize(byte[] s) {
    if (s.length == 1 && (s[0] & 0xff) < 0x80) {
      return 1;
    }
    return s.length <= 55 ? 1 + s.length : 1 + bytesOfLength(s.length) + s.length;
  }

  static int listHeaderSize(int payload) {
    return payload <= 55 ? 1 : 1 + bytesOfLength(payload);
  }

  static int writeString(byte[] out, int pos, byte[] s) {
    if (s.length == 1 && (s[0] & 0xff) < 0x80) {
      out[pos] = s[0];
      return pos + 1;
    }
    pos = writeHeader(out, pos, 0x80, s.length);
    System.arraycopy(s, 0, out, pos, s.length);
    return pos + s.length;
  }

  static int writeListHeader(byte[] out, int pos, int payload) {
    return writeHeader(out, pos, 0xc0, payload);
  }

  private static int writeHeader(byte[] out, int pos, int base, int length) {
    if (length <= 55) {
      out[pos] = (byte) (base + length);
      return pos + 1;
    }
    int n = bytesOfLength(length);
    out[pos++] = (byte) (base + 55 + n);
    for (int i = n - 1; i >= 0; i--) {
      out[pos++] = (byte) (length >>> (8 * i));
    }
    return pos;
  }

  private static int bytesOfLength(int length) {
    return length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
  }

  /** Position of one RLP item inside a byte array. */
  record Item(boolean list, int start, int payloadStart, int payloadLength) {
    int end() {
      return payloadStart + payloadLength;
    }
  }

  static Item item(byte[] data, int pos, int limit) {
    if (pos >= limit) {
      throw new MalformedTrieNodeException("RLP item expected at offset " + pos + ", found end of data");
    }
    int b = data[pos] & 0xff;
    Item item;
    if (b < 0x80) {
      item = new Item(false, pos, pos, 1);
    } else if (b <= 0xb7) {
      item = new Item(false, pos, pos + 1, b - 0x80);
    } else if (b < 0xc0) {
      int n = b - 0xb7;
      item = new Item(false, pos, pos + 1 + n, longLength(data, pos + 1, n, limit));
    } else if (b <= 0xf7) {
      item = new Item(true, pos, pos + 1, b - 0xc0);
    } else {
      int n = b - 0xf7;
      item = new Item(true, pos, pos + 1 + n, longLength(data, pos + 1, n, limit));
    }
    if (item.end() > limit || item.payloadLength() < 0) {
      throw new MalformedTrieNodeException(
          "RLP item at offset " + pos + " of length " + item.payloadLength() + " runs past the end of the data");
    }
    return item;
  }

  private static int longLength(byte[] data, int pos, int n, int limit) {
    if (n > 4 || pos + n > limit) {
      throw new MalformedTrieNodeException("RLP length of " + n + " bytes at offset " + pos + " is invalid");
    }
    int length = 0;
    for (int i = 0; i < n; i++) {
      length = (length << 8) | (data[pos + i] & 0xff);
    }
    return length;
  }

  /**
   * Decodes the node whose RLP list is {@code data[off, off+len)}. Children referenced by hash become
   * {@link Node.Hash} references (loaded lazily); inline children are decoded in place.
   *
   * @param knownHash the node's hash if it was looked up by hash, else null
   */
  static Node decode(byte[] data, int off, int len, Bytes32 knownHash) {
    int limit = off + len;
    Item list = item(data, off, limit);
    if (!list.list() || list.end() != limit) {
      throw new MalformedTrieNodeException("a trie node must be exactly one RLP list");
    }
    Item[] items = new Item[17];
    int count = 0;
    for (int pos = list.payloadStart(); pos < limit; ) {
      if (count == 17) {
        throw new MalformedTrieNodeException("a trie node list has more than 17 items");
      }
      Item it = item(data, pos, limit);
      items[count++] = it;
      pos = it.end();
    }
    Node node;
    if (count == 2) {
      if (items[0].list()) {
        throw new MalformedTrieNodeException("the path of a leaf or extension node must be a string");
      }
      Nibbles.HexPrefix hp =
          Nibbles.decodeHexPrefix(data, items[0].payloadStart(), items[0].payloadLength());
      if (hp.leaf()) {
        node = new Node.Leaf(hp.path(), stringValue(data, items[1], "leaf value"));
      } else {
        if (hp.path().length == 0) {
          throw new MalformedTrieNodeException("an extension node has an empty path");
        }
        Node child = reference(data, items[1]);
        if (child == null) {
          throw new MalformedTrieNodeException("an extension node has no child");
        }
        node = new Node.Extension(hp.path(), child);
      }
    } else if (count == 17) {
      Node[] children = new Node[16];
      for (int i = 0; i < 16; i++) {
        children[i] = reference(data, items[i]);
      }
      byte[] value = stringValue(data, items[16], "branch value");
      node = new Node.Branch(children, value.length == 0 ? null : value);
    } else {
      throw new MalformedTrieNodeException("a trie node list has " + count + " items; expected 2 or 17");
    }
    byte[] encoding = off == 0 && len == data.length ? data : Arrays.copyOfRange(data, off, limit);
    node.cache(encoding, knownHash);
    node.persisted = true;
    return node;
  }

  private static byte[] stringValue(byte[] data, Item it, String what) {
    if (it.list()) {
      throw new MalformedTrieNodeException(what + " must be an RLP string, found a list");
    }
    return Arrays.copyOfRange(data, it.payloadStart(), it.end());
  }

  private static Node reference(byte[] data, Item it) {
    if (it.list()) {
      if (it.end() - it.start() >= 32) {
        throw new MalformedTrieNodeException("an inline child node is 32 bytes or longer");
      }
      return decode(data, it.start(), it.end() - it.start(), null);
    }
    if (it.payloadLength() == 0) {
      return null;
    }
    if (it.payloadLength() != 32) {
      throw new MalformedTrieNodeException(
          "a child reference is a string of " + it.payloadLength() + " bytes; expected a 32-byte hash");
    }
    return new Node.Hash(Bytes32.wrap(Arrays.copyOfRange(data, it.payloadStart(), it.end())));
  }
}
