package dev.weir.journal;

import dev.weir.flow.RecordKind;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The binary frame of one journal record, big-endian:
 *
 * <pre>
 * offset size field
 *      0    2 magic 0x5745 ("WE")
 *      2    1 format version (1)
 *      3    1 kind: a RecordKind ordinal, or 0x7F for a batch seal; the high bit 0x80 marks a fallback record
 *      4    4 payload length
 *      8    4 CRC32C of bytes 12 .. end of payload
 *     12    8 writer seq (0 for a seal)
 *     20    4 parent stage index (-1: none)
 *     24    8 parent seq
 *     32    4 joined stage index (-1: none)
 *     36    8 joined seq
 *     44    8 correlation id
 *     52    4 cycle depth
 *     56    8 timestamp, epoch millis
 *     64    n payload
 * </pre>
 *
 * A seal closes a batch when the journal has an HMAC key: its payload is the batch's first and
 * last seq and the HMAC-SHA256 tag chained over the journal id, those seqs, the previous tag and
 * the batch's bytes.
 */
final class RecordFrame {

  static final short MAGIC = 0x5745;
  static final byte VERSION = 1;
  static final byte SEAL = 0x7F;
  /** In the kind byte: the record was produced by a circuit breaker's fallback. */
  static final int FALLBACK = 0x80;
  static final int HEADER = 64;
  static final int CRC_FROM = 12;
  static final int TAG = 32;
  static final int SEAL_PAYLOAD = 16 + TAG;

  private RecordFrame() {}

  static int crc(byte[] buf, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buf, from, to - from);
    return (int) crc.getValue();
  }

  static int crc(ByteBuffer buf, int from, int to) {
    CRC32C crc = new CRC32C();
    ByteBuffer view = buf.duplicate();
    view.limit(to).position(from);
    crc.update(view);
    return (int) crc.getValue();
  }

  /** The kind byte of a record of {@code kind}, with the fallback bit when {@code fallback}. */
  static byte kindByte(RecordKind kind, boolean fallback) {
    return (byte) (fallback ? kind.ordinal() | FALLBACK : kind.ordinal());
  }

  /**
   * The header fields of a frame read back; {@code kind} without the fallback bit, which is
   * {@code fallback}.
   */
  record Header(byte kind, int length, int crc, long seq, int parentStage, long parentSeq, int joinedStage,
      long joinedSeq, long correlation, int depth, long timestamp, boolean fallback) {

    static Header read(ByteBuffer b, int at) {
      byte kind = b.get(at + 3);
      return new Header((byte) (kind & ~FALLBACK), b.getInt(at + 4), b.getInt(at + 8), b.getLong(at + 12),
          b.getInt(at + 20), b.getLong(at + 24), b.getInt(at + 32), b.getLong(at + 36), b.getLong(at + 44),
          b.getInt(at + 52), b.getLong(at + 56), (kind & FALLBACK) != 0);
    }
  }
}
