package io.veritas.market.module;

/**
 * A position in the market's due queue: entry {@code index} of the queue of block {@code height}. The protocol
 * looks at entries in (height, index) order and never goes back.
 */
public record DueCursor(long height, long index) implements Comparable<DueCursor> {
  public DueCursor {
    if (height < 0 || index < 0) {
      throw new IllegalArgumentException("due cursor must not be negative: height " + height + ", index " + index);
    }
  }

  @Override
  public int compareTo(DueCursor other) {
    int byHeight = Long.compare(height, other.height);
    return byHeight != 0 ? byHeight : Long.compare(index, other.index);
  }
}
