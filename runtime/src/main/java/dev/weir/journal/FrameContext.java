package dev.weir.journal;

import java.util.Arrays;

/**
 * What a frame's fields are written relative to: the fields and payload of the record before it in
 * the same segment, or the zero context at a reset point (the first record of a segment, every
 * indexed record, the first record a writer appends after opening a journal). The writer and every
 * reader keep one each, and move it on record by record.
 */
final class FrameContext {

  int parentStage;
  long parentSeq;
  long joinedSeq;
  long correlation;
  long timestamp;
  /** The previous record's payload bytes, {@code payloadLength} of them. */
  byte[] payload = new byte[256];
  int payloadLength;

  FrameContext() {
    reset();
  }

  /** Back to the zero context: no parent, seqs, correlation and timestamp 0, an empty payload. */
  void reset() {
    parentStage = -1;
    parentSeq = 0;
    joinedSeq = 0;
    correlation = 0;
    timestamp = 0;
    payloadLength = 0;
  }

  /** Takes {@code len} bytes of {@code src} as the payload the next record is written against. */
  void payload(byte[] src, int off, int len) {
    if (payload.length < len) {
      payload = new byte[Math.max(len, payload.length * 2)];
    }
    System.arraycopy(src, off, payload, 0, len);
    payloadLength = len;
  }

  /**
   * Makes the payload the next one: the first {@code prefix} bytes of the current payload, then
   * {@code middle} bytes of {@code src}, then the current payload's last {@code suffix} bytes, in a
   * new array of exactly that length, which is never written again (a reader hands it out as the
   * record's bytes). The caller has checked that {@code prefix + suffix <= payloadLength}.
   */
  void rebuild(int prefix, byte[] src, int off, int middle, int suffix) {
    int len = prefix + middle + suffix;
    byte[] next = new byte[len];
    System.arraycopy(payload, 0, next, 0, prefix);
    System.arraycopy(src, off, next, prefix, middle);
    System.arraycopy(payload, payloadLength - suffix, next, prefix + middle, suffix);
    payload = next;
    payloadLength = len;
  }

  /** The current payload, rebuilt by {@link #rebuild}: exactly its length, and never written again. */
  byte[] rebuiltPayload() {
    return payload.length == payloadLength ? payload : Arrays.copyOf(payload, payloadLength);
  }
}
