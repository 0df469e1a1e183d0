package io.veritas.chain.p2p.yamux;

/**
 * Yamux limits.
 *
 * @param initialWindow receive window per stream; the spec's initial value is 256 KiB
 * @param maxStreams concurrent streams per connection (both directions); further SYNs are answered with RST
 * @param maxPendingWriteBytes bytes a stream may queue beyond the peer's window before it is reset
 */
public record YamuxConfig(int initialWindow, int maxStreams, int maxPendingWriteBytes) {
  public static final int SPEC_INITIAL_WINDOW = 256 * 1024;

  public YamuxConfig {
    if (initialWindow < SPEC_INITIAL_WINDOW) {
      throw new IllegalArgumentException("yamux window must be at least 256 KiB, got " + initialWindow);
    }
    if (maxStreams <= 0 || maxPendingWriteBytes <= 0) {
      throw new IllegalArgumentException("yamux limits must be positive: " + maxStreams + ", " + maxPendingWriteBytes);
    }
  }

  public static YamuxConfig defaults() {
    return new YamuxConfig(SPEC_INITIAL_WINDOW, 512, 16 * 1024 * 1024);
  }
}
