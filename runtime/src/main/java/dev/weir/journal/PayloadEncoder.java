package dev.weir.journal;

import dev.weir.flow.RecordKind;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * Encodes one record's payload into a journal's buffer, the same way for memory and disk journals:
 * with the record's codec, refused whole (nothing left in the buffer) when it cannot be encoded or
 * is larger than the payload limit. Returns the CRC32C of the payload bytes, which contract
 * checksums and replay verification use: equal payload bytes, equal CRC, in any JVM.
 */
final class PayloadEncoder {

  private final String journalId;
  private final RecordCodec codec;
  private final int maxPayload;
  private final CRC32C crc = new CRC32C();

  PayloadEncoder(String journalId, RecordCodec codec, int maxPayload) {
    this.journalId = journalId;
    this.codec = codec;
    this.maxPayload = maxPayload;
  }

  /** Appends the payload's bytes to {@code out}; returns their CRC32C. One thread at a time. */
  int encode(long seq, RecordKind kind, int parentStage, Object payload, ByteSink out) {
    int start = out.size();
    try {
      codec.encode(kind, parentStage, payload, out);
    } catch (IOException | RuntimeException e) {
      out.truncate(start);
      throw new JournalException(JournalException.Problem.ENCODE_FAILED, "journal " + journalId + ": cannot encode the "
          + kind + " payload that would have been seq " + seq + " (" + (payload == null ? "null" : payload.getClass().getName())
          + "): " + e, e);
    }
    int length = out.size() - start;
    if (length > maxPayload) {
      out.truncate(start);
      throw new JournalException(JournalException.Problem.TOO_LARGE, "journal " + journalId + ": the " + kind
          + " payload that would have been seq " + seq + " is " + length + " bytes, more than the maximum of " + maxPayload);
    }
    crc.reset();
    crc.update(out.array(), start, length);
    return (int) crc.getValue();
  }

  /** The CRC32C of payload bytes read back. */
  static int crcOf(byte[] bytes, int offset, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, offset, length);
    return (int) c.getValue();
  }
}
