package io.veritas.chain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.veritas.chain.p2p.wire.WireFormatException;

/**
 * A yamux frame header (hashicorp/yamux spec.md): version 0, type, flags, stream id, length — 12 bytes, big-endian.
 * For data frames {@code length} bytes of payload follow; for window updates it is the delta, for ping the opaque
 * value, for go-away the error code.
 */
public record YamuxFrame(int type, int flags, int streamId, long length) {
  public static final int HEADER_LENGTH = 12;
  public static final int TYPE_DATA = 0;
  public static final int TYPE_WINDOW_UPDATE = 1;
  public static final int TYPE_PING = 2;
  public static final int TYPE_GO_AWAY = 3;
  public static final int FLAG_SYN = 1;
  public static final int FLAG_ACK = 2;
  public static final int FLAG_FIN = 4;
  public static final int FLAG_RST = 8;
  public static final int GO_AWAY_NORMAL = 0;
  public static final int GO_AWAY_PROTOCOL_ERROR = 1;
  public static final int GO_AWAY_INTERNAL_ERROR = 2;

  public YamuxFrame {
    if (type < 0 || type > 3) {
      throw new IllegalArgumentException("yamux frame type " + type);
    }
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Reads a header, or returns null (consuming nothing) if fewer than 12 bytes are available. */
  public static YamuxFrame decodeHeader(ByteBuf in) {
    if (in.readableBytes() < HEADER_LENGTH) {
      return null;
    }
    int version = in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedShort();
    int streamId = in.readInt();
    long length = in.readUnsignedInt();
    if (version != 0) {
      throw new WireFormatException("unsupported yamux version " + version);
    }
    if (type > 3) {
      throw new WireFormatException("unknown yamux frame type " + type);
    }
    if ((flags & ~0xF) != 0) {
      throw new WireFormatException("unknown yamux flags 0x" + Integer.toHexString(flags));
    }
    if ((type == TYPE_PING || type == TYPE_GO_AWAY) && streamId != 0) {
      throw new WireFormatException("yamux " + (type == TYPE_PING ? "ping" : "go-away") + " on stream " + Integer.toUnsignedString(streamId));
    }
    if ((type == TYPE_DATA || type == TYPE_WINDOW_UPDATE) && streamId == 0) {
      throw new WireFormatException("yamux data/window frame on the session stream 0");
    }
    return new YamuxFrame(type, flags, streamId, length);
  }

  public void encodeHeader(ByteBuf out) {
    out.writeByte(0);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
  }
}
