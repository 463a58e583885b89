package dev.weir.journal;

import dev.weir.flow.RecordKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;

/**
 * Reads a journal's files frame by frame and checks them: magic, version, bounded length, CRC32C,
 * seqs that follow each other, and, with a key, the HMAC chain of batch seals. A partial frame at
 * the very end (a torn tail) is reported with where it starts; anything wrong before the end is
 * corruption, reported with file, offset and seq.
 */
final class JournalScanner {

  private static final int READ_CHUNK = 1 << 20;

  /** What a scan found. */
  record Result(List<Segment> segments, long lastSeq, long validEnd, Optional<String> tornTail, byte[] lastTag,
      long records, long seals, Optional<RecordKind> lastKind, LastRecord lastRecord) {}

  /**
   * Where the last whole record of the last segment is, for cutting it off (a resume drops a
   * journal's end of stream): the offset its frame starts at, and the batch it is in: the offset the
   * batch starts at, the seq before it, and the seal tag before it.
   */
  record LastRecord(long start, long batchStart, long seqBeforeBatch, byte[] tagBeforeBatch) {}

  /** Receives each whole record's header and payload, in order. */
  interface Visitor {
    /** The record's payload is the first {@code length} bytes of {@code payload}, valid during the call only. */
    void record(RecordFrame.Header header, byte[] payload, int length) throws IOException;
  }

  private final String journalId;
  private final Path dir;
  private final int maxPayload;
  private final byte[] key;

  JournalScanner(String journalId, Path dir, int maxPayload, byte[] key) {
    this.journalId = journalId;
    this.dir = dir;
    this.maxPayload = maxPayload;
    this.key = key;
  }

  /** The journal's segments, by first seq. */
  static List<Segment> segments(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Segment> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(Segment.SUFFIX)) {
          out.add(new Segment(Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length())), p));
        }
      }
    }
    out.sort((a, b) -> Long.compare(a.firstSeq, b.firstSeq));
    return out;
  }

  /** Scans every segment (building each one's sparse index) and checks every frame. */
  Result scan(Visitor visitor, int indexEvery) throws IOException {
    List<Segment> segments = segments(dir);
    long expectedSeq = 1;
    long validEnd = 0;
    long records = 0;
    long seals = 0;
    byte[] prevTag = new byte[RecordFrame.TAG];
    long batchFirst = 1;
    Mac mac = key == null ? null : BatchSeal.newMac(key);
    Optional<String> torn = Optional.empty();
    long maxBody = FrameReader.maxBody(maxPayload);
    byte lastKind = -1; // of the last whole record
    byte sealedKind = -1; // of the last record a seal covers
    LastRecord lastRecord = null;
    long batchStart = 0;
    long seqBeforeBatch = 0;
    byte[] tagBeforeBatch = prevTag;
    for (int si = 0; si < segments.size(); si++) {
      Segment seg = segments.get(si);
      boolean last = si == segments.size() - 1;
      if (seg.firstSeq != expectedSeq) {
        throw corrupt(seg.file, 0, expectedSeq, "segment starts at seq " + seg.firstSeq + ", expected " + expectedSeq
            + " (a segment is missing or out of place)");
      }
      long sealedEnd = RecordFrame.SEGMENT_HEADER;
      long sealedSeq = expectedSeq - 1;
      FrameReader reader = new FrameReader(maxPayload, visitor != null);
      try (FileChannel ch = FileChannel.open(seg.file, StandardOpenOption.READ)) {
        long size = ch.size();
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        long bufStart = 0;
        buf.limit(0);
        long offset = RecordFrame.SEGMENT_HEADER;
        if (!segmentHeader(ch, seg, size, last, expectedSeq)) {
          torn = Optional.of(tornAt(seg.file, 0, expectedSeq, size == 0 ? "an empty segment (its header was never"
              + " written)" : "segment header cut short or zero-filled"));
          validEnd = 0;
          offset = size; // nothing to scan
        } else if (last) {
          validEnd = RecordFrame.SEGMENT_HEADER;
        }
        while (offset < size) {
          int at = (int) (offset - bufStart);
          int frameLen = RecordFrame.frameLength(buf.array(), at, buf.limit(), maxBody);
          if (frameLen == RecordFrame.INCOMPLETE || frameLen > 0 && buf.limit() - at < frameLen) {
            bufStart = offset;
            buf = fill(ch, buf, bufStart, Math.max(frameLen, 16));
            at = 0;
            frameLen = RecordFrame.frameLength(buf.array(), 0, buf.limit(), maxBody);
          }
          if (frameLen == RecordFrame.INCOMPLETE) {
            if (!last) {
              throw corrupt(seg.file, offset, expectedSeq, "a frame cut short at the end of a full segment");
            }
            torn = Optional.of(tornAt(seg.file, offset, expectedSeq, size - offset + " bytes, less than a frame header"));
            break;
          }
          if (frameLen == RecordFrame.OUT_OF_BOUNDS) {
            throw corrupt(seg.file, offset, expectedSeq, "payload length out of bounds (max " + maxPayload + ")");
          }
          if (offset + frameLen > size) {
            if (!last) {
              throw corrupt(seg.file, offset, expectedSeq, "frame of " + frameLen + " bytes runs past the end of a full segment");
            }
            torn = Optional.of(tornAt(seg.file, offset, expectedSeq, "frame of " + frameLen + " bytes, only "
                + (size - offset) + " present"));
            break;
          }
          if (buf.limit() - at < frameLen) {
            bufStart = offset;
            buf = fill(ch, buf, bufStart, frameLen);
            at = 0;
          }
          byte[] a = buf.array();
          if (!reader.check(a, at, frameLen, expectedSeq)) {
            if (last && zeros(ch, offset + 3, size)) {
              torn = Optional.of(tornAt(seg.file, offset, expectedSeq, "zero-filled tail"));
              break;
            }
            throw corrupt(seg.file, offset, expectedSeq, reader.problem());
          }
          RecordFrame.Header h = reader.decode(a, at, frameLen, expectedSeq);
          if (h == null) {
            throw corrupt(seg.file, offset, expectedSeq, reader.problem());
          }
          if (h.kind() == RecordFrame.SEAL) {
            long first = FrameReader.sealFirst(a, at);
            long lastOfBatch = FrameReader.sealLast(a, at);
            if (mac != null) {
              if (first != batchFirst || lastOfBatch != expectedSeq - 1) {
                throw corrupt(seg.file, offset, expectedSeq, "seal covers seqs " + first + ".." + lastOfBatch
                    + " but the batch holds " + batchFirst + ".." + (expectedSeq - 1));
              }
              byte[] tag = FrameReader.sealTag(a, at);
              byte[] range = readRange(ch, sealedEnd, offset);
              byte[] expected = BatchSeal.tag(mac, journalId, first, lastOfBatch, prevTag, range, 0, range.length);
              if (!MessageDigest.isEqual(tag, expected)) {
                throw corrupt(seg.file, offset, first, "HMAC mismatch for the batch of seqs " + first + ".." + lastOfBatch
                    + " (records edited, reordered, spliced or replayed, or a different key)");
              }
              prevTag = tag;
            }
            seals++;
            sealedKind = lastKind;
            batchFirst = expectedSeq;
            offset += frameLen;
            sealedEnd = offset;
            sealedSeq = expectedSeq - 1;
            validEnd = offset;
            continue;
          }
          if ((h.seq() - seg.firstSeq) % indexEvery == 0) {
            if (!h.reset()) {
              throw corrupt(seg.file, offset, expectedSeq, "a record the sparse index points at is not a reset point");
            }
            seg.index(h.seq(), offset);
          }
          if (visitor != null) {
            visitor.record(h, reader.payload(), reader.payloadLength());
          }
          if (last) {
            if (expectedSeq == sealedSeq + 1) { // the first record after a seal: a batch starts
              batchStart = sealedEnd;
              seqBeforeBatch = sealedSeq;
              tagBeforeBatch = prevTag.clone();
            }
            lastRecord = new LastRecord(offset, batchStart, seqBeforeBatch, tagBeforeBatch);
          }
          records++;
          lastKind = h.kind();
          expectedSeq++;
          offset += frameLen;
          if (mac == null) {
            validEnd = offset;
          }
        }
        if (mac != null && sealedSeq != expectedSeq - 1) {
          String why = "records " + (sealedSeq + 1) + ".." + (expectedSeq - 1) + " have no seal (a batch was cut short)";
          if (!last) {
            throw corrupt(seg.file, sealedEnd, sealedSeq + 1, why);
          }
          torn = Optional.of(tornAt(seg.file, sealedEnd, sealedSeq + 1, why));
          expectedSeq = sealedSeq + 1;
          validEnd = sealedEnd;
        }
        if (!last) {
          validEnd = 0;
        }
      }
    }
    byte kind = mac != null ? sealedKind : lastKind;
    Optional<RecordKind> last = expectedSeq == 1 || kind < 0 ? Optional.empty() : Optional.of(RecordKind.values()[kind]);
    if (lastRecord != null && mac != null && lastRecord.seqBeforeBatch() >= expectedSeq - 1) {
      lastRecord = null; // the records after the last seal were cut off as a torn tail
    }
    return new Result(segments, expectedSeq - 1, validEnd, torn, prevTag, records, seals, last, lastRecord);
  }

  /**
   * Checks a segment's header: true when it is this format's; false for the last segment when it is
   * missing, cut short or zero-filled (a segment created just before a crash: a torn tail). A
   * segment of another format is refused naming the format.
   */
  private boolean segmentHeader(FileChannel ch, Segment seg, long size, boolean last, long expectedSeq)
      throws IOException {
    byte[] h = readRange(ch, 0, Math.min(size, RecordFrame.SEGMENT_HEADER));
    if (size < RecordFrame.SEGMENT_HEADER || h[0] == 0 && h[1] == 0) {
      byte[] header = RecordFrame.segmentHeader();
      boolean cutShort = size < RecordFrame.SEGMENT_HEADER
          && java.util.Arrays.equals(h, 0, h.length, header, 0, h.length);
      if (last && (cutShort || zeros(ch, 0, size))) {
        return false;
      }
      throw corrupt(seg.file, 0, expectedSeq, "segment header missing or cut short");
    }
    if (h[0] != RecordFrame.MAGIC_0 || h[1] != RecordFrame.MAGIC_1) {
      throw corrupt(seg.file, 0, expectedSeq, "bad magic: not a Weir journal segment");
    }
    if (h[2] != RecordFrame.VERSION || h[3] != 0) {
      throw new JournalException(JournalException.Problem.CORRUPT, "journal " + journalId + ": " + seg.file
          + " is in journal format " + h[2] + ", written by another Weir version; this Weir (" + WeirVersion.VALUE
          + ") reads journal format " + RecordFrame.VERSION + " only: read it with the Weir version its run's manifest"
          + " names (weirVersion)");
    }
    return true;
  }

  private static ByteBuffer fill(FileChannel ch, ByteBuffer buf, long from, int atLeast) throws IOException {
    if (buf.capacity() < atLeast) {
      buf = ByteBuffer.allocate(Math.max(atLeast, buf.capacity() * 2));
    }
    buf.clear();
    while (buf.hasRemaining()) {
      int n = ch.read(buf, from + buf.position());
      if (n < 0) {
        break;
      }
    }
    buf.flip();
    return buf;
  }

  private static byte[] readRange(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    while (b.hasRemaining()) {
      if (ch.read(b, from + b.position()) < 0) {
        break;
      }
    }
    return b.array();
  }

  private static boolean zeros(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64 * 1024);
    long at = from;
    while (at < to) {
      b.clear();
      int n = ch.read(b, at);
      if (n <= 0) {
        break;
      }
      byte[] a = b.array();
      for (int i = 0; i < n; i++) {
        if (a[i] != 0) {
          return false;
        }
      }
      at += n;
    }
    return true;
  }

  private String tornAt(Path file, long offset, long seq, String why) {
    return "journal " + journalId + ": torn tail in " + file.getFileName() + " at offset " + offset + " (seq " + seq
        + "): " + why;
  }

  private JournalException corrupt(Path file, long offset, long seq, String why) {
    return new JournalException(JournalException.Problem.CORRUPT,
        "journal " + journalId + " is corrupt: " + file + " at offset " + offset + ", seq " + seq + ": " + why);
  }
}
