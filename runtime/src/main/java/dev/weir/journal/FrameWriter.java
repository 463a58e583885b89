package dev.weir.journal;

import dev.weir.flow.RecordKind;
import java.util.zip.CRC32C;

/**
 * Writes frames ({@link RecordFrame}) into a journal's batch buffer, each relative to the record
 * before it. One per journal writer; the writer's thread only.
 */
final class FrameWriter {

  private final FrameContext context = new FrameContext();
  private final byte[] fields = new byte[RecordFrame.MAX_FIELDS];
  private final CRC32C crc = new CRC32C();

  /**
   * Appends one record's frame to {@code out}.
   *
   * @param reset whether this record is a reset point (its fields are written against the zero context)
   * @param payload the payload's bytes, {@code length} of them at {@code offset}
   */
  void write(ByteSink out, boolean reset, long seq, RecordKind kind, int flags, int parentStage, long parentSeq,
      int joinedStage, long joinedSeq, long correlation, int depth, long timestamp, byte[] payload, int offset,
      int length) {
    FrameContext c = context;
    if (reset) {
      c.reset();
    }
    int head = kind.ordinal() | (reset ? RecordFrame.RESET : 0);
    byte[] f = fields;
    int n = 0;
    int extras = (parentStage != c.parentStage ? RecordFrame.X_PARENT_STAGE : 0)
        | (joinedStage >= 0 ? RecordFrame.X_JOINED : 0) | (depth != 0 ? RecordFrame.X_DEPTH : 0)
        | (flags != 0 ? RecordFrame.X_FLAGS : 0);
    long joined = joinedStage >= 0 ? joinedSeq : 0;
    if (extras != 0) {
      head |= RecordFrame.EXTRAS;
      f[n++] = (byte) extras;
      if ((extras & RecordFrame.X_PARENT_STAGE) != 0) {
        n = RecordFrame.putVarint(f, n, RecordFrame.zigzag(parentStage));
      }
      if ((extras & RecordFrame.X_JOINED) != 0) {
        n = RecordFrame.putVarint(f, n, joinedStage);
        n = RecordFrame.putVarint(f, n, RecordFrame.zigzag(joined - c.joinedSeq));
      }
      if ((extras & RecordFrame.X_DEPTH) != 0) {
        n = RecordFrame.putVarint(f, n, RecordFrame.zigzag(depth));
      }
      if ((extras & RecordFrame.X_FLAGS) != 0) {
        n = RecordFrame.putVarint(f, n, flags & 0xFFFFFFFFL);
      }
    }
    n = RecordFrame.putVarint(f, n, RecordFrame.zigzag(parentSeq - c.parentSeq));
    n = RecordFrame.putVarint(f, n, RecordFrame.zigzag(correlation - c.correlation));
    if (timestamp != c.timestamp) {
      head |= RecordFrame.TIME;
      n = RecordFrame.putVarint(f, n, RecordFrame.zigzag(timestamp - c.timestamp));
    }
    int prefix = 0;
    int suffix = 0;
    int prevLength = c.payloadLength;
    if (prevLength > 0 && length > 0) {
      byte[] prev = c.payload;
      int max = Math.min(length, prevLength);
      while (prefix < max && payload[offset + prefix] == prev[prefix]) {
        prefix++;
      }
      int maxSuffix = Math.min(length, prevLength) - prefix;
      while (suffix < maxSuffix && payload[offset + length - 1 - suffix] == prev[prevLength - 1 - suffix]) {
        suffix++;
      }
      if (prefix + suffix >= RecordFrame.MIN_DELTA) {
        head |= RecordFrame.DELTA;
        n = RecordFrame.putVarint(f, n, prefix);
        n = RecordFrame.putVarint(f, n, suffix);
      } else {
        prefix = 0;
        suffix = 0;
      }
    }
    int middle = length - prefix - suffix;
    int body = n + middle;
    int start = out.reserve(2 + RecordFrame.varintSize(body) + body + RecordFrame.CRC);
    byte[] a = out.array();
    a[start] = (byte) head;
    a[start + 1] = (byte) seq;
    int pos = RecordFrame.putVarint(a, start + 2, body);
    System.arraycopy(f, 0, a, pos, n);
    pos += n;
    System.arraycopy(payload, offset + prefix, a, pos, middle);
    pos += middle;
    RecordFrame.putInt(a, pos, RecordFrame.crc(crc, seq, a, start, pos - start));
    c.parentStage = parentStage;
    c.parentSeq = parentSeq;
    c.joinedSeq = joined;
    c.correlation = correlation;
    c.timestamp = timestamp;
    c.payload(payload, offset, length);
  }

  /** Appends a batch seal covering seqs {@code first..last} with {@code tag}; the record context is left as it is. */
  void writeSeal(ByteSink out, long first, long last, byte[] tag) {
    int start = out.reserve(3 + RecordFrame.SEAL_PAYLOAD + RecordFrame.CRC);
    byte[] a = out.array();
    a[start] = RecordFrame.SEAL;
    a[start + 1] = 0;
    a[start + 2] = (byte) RecordFrame.SEAL_PAYLOAD;
    RecordFrame.putLong(a, start + 3, first);
    RecordFrame.putLong(a, start + 11, last);
    System.arraycopy(tag, 0, a, start + 19, RecordFrame.TAG);
    int end = start + 3 + RecordFrame.SEAL_PAYLOAD;
    RecordFrame.putInt(a, end, RecordFrame.crc(crc, 0, a, start, end - start));
  }
}
