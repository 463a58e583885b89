package dev.weir.journal;

import dev.weir.flow.EventRef;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.RecordKind;
import java.util.List;

/**
 * One journal's records as standalone frames, for journals kept outside the runtime (a log such as a
 * Kafka topic, one frame per record): each is the frame of a disk segment ({@code RecordFrame}:
 * kind, parent, joined reference, correlation, depth, timestamp, payload, CRC32C over the full seq and
 * the frame) written against the zero context, so it needs no record before it, and preceded by its
 * seq (8 bytes, big-endian). The payload is encoded by the run's codecs under the payload limit,
 * exactly as in memory and on disk, so that such a journal accepts, refuses and reads back what
 * they do. Encoding is for the journal's writer thread; decoding for one reader thread at a time.
 */
public final class FrameCodec {

  private static final RecordKind[] KINDS = RecordKind.values();
  private static final int SEQ = 8;

  private final String journalId;
  private final List<String> stageNames;
  private final RecordCodec codec;
  private final PayloadEncoder encoder;
  private final int maxPayload;
  private final FrameWriter frames = new FrameWriter();
  private final ByteSink payload = new ByteSink(1024);
  private final ByteSink out = new ByteSink(1024);
  private int payloadCrc;

  private FrameCodec(String journalId, List<String> stageNames, RecordCodec codec, int maxPayload) {
    this.journalId = journalId;
    this.stageNames = stageNames;
    this.codec = codec;
    this.encoder = new PayloadEncoder(journalId, codec, maxPayload);
    this.maxPayload = maxPayload;
  }

  /**
   * The codec of the journal {@code journalId} of {@code spec}'s run.
   *
   * @param stage the journal's stage index in the flow, or -1 for the system journal
   * @param maxPayload the largest payload, in encoded bytes, the journal takes
   */
  public static FrameCodec of(RunSpec spec, int stage, String journalId, int maxPayload) {
    return new FrameCodec(journalId, spec.stageNames(), spec.recordCodec(stage), maxPayload);
  }

  /**
   * One record's frame, as {@link Journal#append} takes its fields.
   *
   * @throws JournalException when the payload cannot be encoded or is over the payload limit
   */
  public byte[] encode(long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq,
      long correlationId, int depth, long timestamp, Object value, boolean fallback) {
    payload.reset();
    payloadCrc = encoder.encode(seq, kind, parentStage, value, payload);
    out.reset();
    int at = out.reserve(SEQ);
    RecordFrame.putLong(out.array(), at, seq);
    frames.write(out, true, seq, kind, fallback ? RecordFrame.FLAG_FALLBACK : 0, parentStage, parentSeq, joinedStage,
        joinedSeq, correlationId, depth, timestamp, payload.array(), 0, payload.size());
    return java.util.Arrays.copyOf(out.array(), out.size());
  }

  /** The CRC32C of the payload bytes of the record encoded last, which contract checksums are computed over. */
  public int lastPayloadCrc() {
    return payloadCrc;
  }

  /** A copy of the encoded payload of the record encoded last. */
  public byte[] lastPayload() {
    return java.util.Arrays.copyOf(payload.array(), payload.size());
  }

  /**
   * The record a frame holds.
   *
   * @param expectedSeq the seq it must be (the journal's seqs follow each other)
   * @throws JournalException naming the journal and the seq when the frame is damaged, is another
   *     seq's, or its payload does not decode
   */
  public JournalRecord decode(byte[] frame, long expectedSeq) {
    FrameReader reader = new FrameReader(maxPayload);
    StringBuilder why = new StringBuilder();
    RecordFrame.Header h = read(frame, expectedSeq, reader, why);
    if (h == null) {
      throw new JournalException(JournalException.Problem.CORRUPT, "journal " + journalId + " is corrupt at seq "
          + expectedSeq + ": " + why);
    }
    RecordKind kind = KINDS[h.kind()];
    byte[] bytes = reader.payloadCopy();
    Object value;
    try {
      value = codec.decode(kind, h.parentStage(), bytes, 0, bytes.length);
    } catch (java.io.IOException | RuntimeException e) {
      throw new JournalException(JournalException.Problem.CORRUPT, "journal " + journalId + " seq " + h.seq()
          + ": its " + kind + " payload does not decode: " + e, e);
    }
    return new JournalRecord(h.seq(), kind, ref(h.parentStage(), h.parentSeq()), ref(h.joinedStage(), h.joinedSeq()),
        h.correlation(), h.depth(), h.timestamp(), value, bytes, h.fallback());
  }

  /**
   * What is wrong with {@code frame} as the standalone frame of record {@code expectedSeq}: its seq,
   * length, CRC32C and fields are checked, its payload is not decoded; null when it is whole.
   */
  public static String problem(byte[] frame, long expectedSeq, int maxPayload) {
    StringBuilder why = new StringBuilder();
    return read(frame, expectedSeq, new FrameReader(maxPayload, false), why) == null ? why.toString() : null;
  }

  /** The frame's header, its payload left in {@code reader}; null with the reason in {@code why}. */
  private static RecordFrame.Header read(byte[] frame, long expectedSeq, FrameReader reader, StringBuilder why) {
    if (frame == null || frame.length < SEQ + 3) {
      why.append("a frame of ").append(frame == null ? "no" : String.valueOf(frame.length)).append(" bytes is too short");
      return null;
    }
    long seq = RecordFrame.getLong(frame, 0);
    if (seq != expectedSeq) {
      why.append("the frame is seq ").append(seq);
      return null;
    }
    int length = RecordFrame.frameLength(frame, SEQ, frame.length, FrameReader.maxBody(reader.maxPayload()));
    if (length != frame.length - SEQ) {
      why.append(length < 0 ? "its length field is damaged"
          : "it holds " + (frame.length - SEQ) + " bytes after its seq, its frame " + length);
      return null;
    }
    if (!reader.check(frame, SEQ, length, seq)) {
      why.append(reader.problem());
      return null;
    }
    RecordFrame.Header h = reader.decode(frame, SEQ, length, seq);
    if (h == null || h.kind() == RecordFrame.SEAL || !h.reset()) {
      why.append(h == null ? reader.problem() : "not a standalone record frame");
      return null;
    }
    return h;
  }

  private EventRef ref(int stage, long seq) {
    return stage < 0 || stage >= stageNames.size() ? EventRef.NONE : new EventRef(stageNames.get(stage), seq);
  }

}
