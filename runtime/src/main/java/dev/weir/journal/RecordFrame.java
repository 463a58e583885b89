package dev.weir.journal;

import java.util.zip.CRC32C;

/**
 * The binary layout of journal segments, format 2. A segment starts with a 4-byte header
 * ({@code 0x57 0x45}, the format version 2, a reserved zero byte); then frames, each:
 *
 * <pre>
 * size      field
 *    1      head: bits 0-2 kind (a RecordKind ordinal, 7 for a batch seal), bit 3 reset, bit 4 timestamp
 *           present, bit 5 extras present, bit 6 payload delta, bit 7 reserved (0)
 *    1      the low 8 bits of the record's seq (0 for a seal)
 *    1-5    varint: the length of the body
 *    body   [extras]: a presence byte (bit 0 parent stage, bit 1 joined, bit 2 depth, bit 3 flags) and
 *                     the fields it names: zigzag parent stage, varint joined stage and zigzag joined
 *                     seq delta, zigzag depth, varint flags (bit 0: the output of a middleware fallback)
 *           zigzag varint: parent seq minus the previous record's
 *           zigzag varint: correlation id minus the previous record's
 *           [timestamp]: zigzag varint, epoch millis minus the previous record's
 *           [payload delta]: varint prefix, varint suffix: bytes shared with the previous payload
 *           the payload bytes (with a delta: those between the shared prefix and suffix)
 *    4      CRC32C, big-endian, of the record's full seq (8 bytes, big-endian; 0 for a seal) followed
 *           by every byte of the frame before the CRC
 * </pre>
 *
 * Fields not present are the previous record's (parent stage) or zero (joined, depth, flags,
 * timestamp delta). "Previous" is the record before in the same segment, or the zero context at a
 * reset point: the first record of a segment, every record the sparse index points at, and the
 * first record a writer appends after opening a journal. The seq itself is implicit (seqs follow
 * each other from the segment's first seq), covered by the CRC, and checked by its low byte.
 * A seal closes a batch when the journal has an HMAC key: its body is the batch's first and last
 * seq (8 bytes each) and the HMAC-SHA256 tag chained over the journal id, those seqs, the previous
 * tag and the batch's bytes.
 */
final class RecordFrame {

  static final byte MAGIC_0 = 0x57;
  static final byte MAGIC_1 = 0x45;
  static final byte VERSION = 2;
  static final int SEGMENT_HEADER = 4;
  static final byte SEAL = 7;
  static final int KIND_MASK = 0x07;
  static final int RESET = 0x08;
  static final int TIME = 0x10;
  static final int EXTRAS = 0x20;
  static final int DELTA = 0x40;
  static final int RESERVED = 0x80;
  static final int X_PARENT_STAGE = 0x01;
  static final int X_JOINED = 0x02;
  static final int X_DEPTH = 0x04;
  static final int X_FLAGS = 0x08;
  /** Flags bit 0: the record is the output of a middleware fallback. */
  static final int FLAG_FALLBACK = 0x01;
  /** The most bytes the fields before the payload take. */
  static final int MAX_FIELDS = 64;
  static final int CRC = 4;
  static final int TAG = 32;
  static final int SEAL_PAYLOAD = 16 + TAG;
  /** A prefix and suffix shared with the previous payload are used only when they save at least this many bytes. */
  static final int MIN_DELTA = 3;
  /** {@link #frameLength} when the bytes given end before the frame's length does. */
  static final int INCOMPLETE = -1;
  /** {@link #frameLength} when the body length is out of bounds or its varint runs too long. */
  static final int OUT_OF_BOUNDS = -2;

  private RecordFrame() {}

  /** The segment header of this format. */
  static byte[] segmentHeader() {
    return new byte[] {MAGIC_0, MAGIC_1, VERSION, 0};
  }

  /**
   * The total length of the frame at {@code at}, given the bytes up to {@code end}: {@link #INCOMPLETE}
   * when they stop before its length field does, {@link #OUT_OF_BOUNDS} when the body would be longer
   * than {@code maxBody} (checked before anything is allocated for it).
   */
  static int frameLength(byte[] a, int at, int end, long maxBody) {
    long body = 0;
    int shift = 0;
    int pos = at + 2;
    while (true) {
      if (pos >= end) {
        return INCOMPLETE;
      }
      int b = a[pos++] & 0xFF;
      body |= (long) (b & 0x7F) << shift;
      if (body > maxBody || shift > 28) {
        return OUT_OF_BOUNDS;
      }
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    return (int) (pos - at + body + CRC);
  }

  /** Where the body of the frame at {@code at} starts. */
  static int bodyAt(byte[] a, int at) {
    int pos = at + 2;
    while ((a[pos++] & 0x80) != 0) {
      // skip the length varint
    }
    return pos;
  }

  /** The seq whose low byte is {@code low} that is nearest to {@code expected}. */
  static long claimedSeq(long expected, byte low) {
    return expected + (byte) (low - (byte) expected);
  }

  /** CRC32C of {@code seq} (8 bytes, big-endian) followed by {@code len} bytes of {@code a} at {@code off}. */
  static int crc(CRC32C crc, long seq, byte[] a, int off, int len) {
    crc.reset();
    for (int shift = 56; shift >= 0; shift -= 8) {
      crc.update((int) (seq >>> shift));
    }
    crc.update(a, off, len);
    return (int) crc.getValue();
  }

  static int getInt(byte[] a, int at) {
    return (a[at] & 0xFF) << 24 | (a[at + 1] & 0xFF) << 16 | (a[at + 2] & 0xFF) << 8 | a[at + 3] & 0xFF;
  }

  static void putInt(byte[] a, int at, int v) {
    a[at] = (byte) (v >>> 24);
    a[at + 1] = (byte) (v >>> 16);
    a[at + 2] = (byte) (v >>> 8);
    a[at + 3] = (byte) v;
  }

  static long getLong(byte[] a, int at) {
    return (long) getInt(a, at) << 32 | getInt(a, at + 4) & 0xFFFFFFFFL;
  }

  static void putLong(byte[] a, int at, long v) {
    putInt(a, at, (int) (v >>> 32));
    putInt(a, at + 4, (int) v);
  }

  static long zigzag(long v) {
    return v << 1 ^ v >> 63;
  }

  static long unzigzag(long v) {
    return v >>> 1 ^ -(v & 1);
  }

  /** Writes {@code v} as an unsigned varint at {@code at}; returns where it ends. */
  static int putVarint(byte[] a, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      a[at++] = (byte) (v & 0x7F | 0x80);
      v >>>= 7;
    }
    a[at++] = (byte) v;
    return at;
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      n++;
      v >>>= 7;
    }
    return n;
  }

  /**
   * The fields of a frame read back.
   *
   * @param kind the RecordKind ordinal, or {@link #SEAL}
   * @param flags the record's flags ({@link #FLAG_FALLBACK}); 0 for a seal
   * @param seq the record's seq (0 for a seal)
   * @param length the payload's length (for a seal: its body's)
   * @param reset whether the frame is a reset point
   */
  record Header(byte kind, int flags, long seq, int parentStage, long parentSeq, int joinedStage, long joinedSeq,
      long correlation, int depth, long timestamp, int length, boolean reset) {

    /** Whether the record is the output of a middleware fallback (flags bit 0). */
    boolean fallback() {
      return (flags & FLAG_FALLBACK) != 0;
    }
  }
}
