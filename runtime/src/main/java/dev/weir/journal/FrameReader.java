package dev.weir.journal;

import dev.weir.flow.RecordKind;
import java.util.zip.CRC32C;

/**
 * Reads frames ({@link RecordFrame}) one after another, keeping the context each is written
 * relative to and rebuilding each payload. One per scan or read; not thread-safe.
 */
final class FrameReader {

  private static final int KINDS = RecordKind.values().length;

  private final FrameContext context = new FrameContext();
  private final CRC32C crc = new CRC32C();
  private final int maxPayload;
  private final boolean payloads;
  private String problem;
  private int pos;
  private int end;

  /** A reader that rebuilds every payload. */
  FrameReader(int maxPayload) {
    this(maxPayload, true);
  }

  /**
   * @param payloads whether to rebuild payloads; without, only their lengths are followed (a scan
   *     that checks frames but hands out nothing)
   */
  FrameReader(int maxPayload, boolean payloads) {
    this.maxPayload = maxPayload;
    this.payloads = payloads;
  }

  /** The largest body a frame may have: the payload limit plus the fields (or a seal's body). */
  static long maxBody(int maxPayload) {
    return (long) maxPayload + RecordFrame.MAX_FIELDS + RecordFrame.SEAL_PAYLOAD;
  }

  /** The payload limit this reader checks frames against. */
  int maxPayload() {
    return maxPayload;
  }

  /** What was wrong with the last frame {@link #check} or {@link #decode} refused. */
  String problem() {
    return problem;
  }

  /**
   * Checks the CRC of the whole frame of {@code length} bytes at {@code at}, which should be record
   * {@code expectedSeq} (or a seal): true when it holds. A frame whose CRC holds for another seq is
   * refused as that seq out of place.
   */
  boolean check(byte[] a, int at, int length, long expectedSeq) {
    int stored = RecordFrame.getInt(a, at + length - RecordFrame.CRC);
    boolean seal = (a[at] & RecordFrame.KIND_MASK) == RecordFrame.SEAL;
    long claimed = seal ? 0 : RecordFrame.claimedSeq(expectedSeq, a[at + 1]);
    if (RecordFrame.crc(crc, claimed, a, at, length - RecordFrame.CRC) != stored) {
      problem = "CRC32C mismatch";
      return false;
    }
    if (!seal && claimed != expectedSeq) {
      problem = "seq " + claimed + " where seq " + expectedSeq + " belongs";
      return false;
    }
    return true;
  }

  /**
   * Decodes the checked frame of {@code length} bytes at {@code at} as record {@code seq}, moving the
   * context on; null (see {@link #problem()}) when its fields do not make sense. A seal's header has
   * kind {@link RecordFrame#SEAL}; read its body with {@link #sealFirst}, {@link #sealLast} and
   * {@link #sealTag}. The payload is then {@link #payload()}, {@link #payloadLength()} bytes of it.
   */
  RecordFrame.Header decode(byte[] a, int at, int length, long seq) {
    int head = a[at] & 0xFF;
    byte kind = (byte) (head & RecordFrame.KIND_MASK);
    pos = RecordFrame.bodyAt(a, at);
    end = at + length - RecordFrame.CRC;
    if ((head & RecordFrame.RESERVED) != 0) {
      return refuse("reserved bit 7 of the frame head is set");
    }
    if (kind == RecordFrame.SEAL) {
      if (end - pos != RecordFrame.SEAL_PAYLOAD || head != RecordFrame.SEAL) {
        return refuse("malformed seal");
      }
      return new RecordFrame.Header(kind, 0, 0, -1, 0, -1, 0, 0, 0, 0, RecordFrame.SEAL_PAYLOAD, false);
    }
    if (kind >= KINDS) {
      return refuse("unknown record kind " + kind);
    }
    FrameContext c = context;
    boolean reset = (head & RecordFrame.RESET) != 0;
    if (reset) {
      c.reset();
    }
    int parentStage = c.parentStage;
    int joinedStage = -1;
    long joinedSeq = 0;
    int depth = 0;
    int flags = 0;
    if ((head & RecordFrame.EXTRAS) != 0) {
      if (pos >= end) {
        return refuse("fields run past the frame");
      }
      int extras = a[pos++] & 0xFF;
      if ((extras & 0xF0) != 0) {
        return refuse("reserved bits of the extras are set");
      }
      if ((extras & RecordFrame.X_PARENT_STAGE) != 0) {
        parentStage = (int) RecordFrame.unzigzag(varint(a));
      }
      if ((extras & RecordFrame.X_JOINED) != 0) {
        joinedStage = (int) varint(a);
        joinedSeq = c.joinedSeq + RecordFrame.unzigzag(varint(a));
      }
      if ((extras & RecordFrame.X_DEPTH) != 0) {
        depth = (int) RecordFrame.unzigzag(varint(a));
      }
      if ((extras & RecordFrame.X_FLAGS) != 0) {
        flags = (int) varint(a);
      }
    }
    long parentSeq = c.parentSeq + RecordFrame.unzigzag(varint(a));
    long correlation = c.correlation + RecordFrame.unzigzag(varint(a));
    long timestamp = c.timestamp;
    if ((head & RecordFrame.TIME) != 0) {
      timestamp += RecordFrame.unzigzag(varint(a));
    }
    long prefix = 0;
    long suffix = 0;
    if ((head & RecordFrame.DELTA) != 0) {
      prefix = varint(a);
      suffix = varint(a);
    }
    if (pos > end) {
      return refuse("fields run past the frame");
    }
    int middle = end - pos;
    if (prefix + suffix > c.payloadLength || prefix + suffix + middle > maxPayload) {
      return refuse("payload delta of " + prefix + " + " + suffix + " shared bytes does not fit the previous payload of "
          + c.payloadLength + " bytes, or exceeds the maximum of " + maxPayload);
    }
    if (payloads) {
      c.rebuild((int) prefix, a, pos, middle, (int) suffix);
    } else {
      c.payloadLength = (int) (prefix + suffix + middle);
    }
    c.parentStage = parentStage;
    c.parentSeq = parentSeq;
    c.joinedSeq = joinedSeq;
    c.correlation = correlation;
    c.timestamp = timestamp;
    return new RecordFrame.Header(kind, flags, seq, parentStage, parentSeq, joinedStage, joinedSeq, correlation, depth,
        timestamp, c.payloadLength, reset);
  }

  /** The payload of the record decoded last (valid until the next decode). */
  byte[] payload() {
    return context.payload;
  }

  int payloadLength() {
    return context.payloadLength;
  }

  /** The payload of the record decoded last, as its own array: the reader never writes it again. */
  byte[] payloadCopy() {
    return context.rebuiltPayload();
  }

  static long sealFirst(byte[] a, int at) {
    return RecordFrame.getLong(a, RecordFrame.bodyAt(a, at));
  }

  static long sealLast(byte[] a, int at) {
    return RecordFrame.getLong(a, RecordFrame.bodyAt(a, at) + 8);
  }

  static byte[] sealTag(byte[] a, int at) {
    int from = RecordFrame.bodyAt(a, at) + 16;
    return java.util.Arrays.copyOfRange(a, from, from + RecordFrame.TAG);
  }

  /** Reads a varint within the body; past its end it yields 0 and leaves {@code pos} past the end. */
  private long varint(byte[] a) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        pos = end + 1;
        return 0;
      }
      int b = a[pos++] & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    pos = end + 1;
    return 0;
  }

  private RecordFrame.Header refuse(String why) {
    problem = why;
    return null;
  }
}
