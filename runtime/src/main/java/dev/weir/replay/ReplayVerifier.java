package dev.weir.replay;

import dev.weir.flow.JournalView;
import dev.weir.flow.JournalRecord;
import java.util.ArrayList;
import java.util.List;
import dev.weir.flow.Codec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Compares every stage's data journal in a replay with the original run's: seq by seq, the kind,
 * parent, joined reference, correlation id, cycle depth and the payload's encoded bytes must be
 * equal (timestamps are when each run wrote, so they differ by design). Bytes, not {@code equals}:
 * what must agree across JVMs may not depend on user types' {@code equals} or {@code hashCode}.
 */
public final class ReplayVerifier {

  private static final int CHUNK = 8192;

  private ReplayVerifier() {}

  /**
   * @param stages the stage names to compare
   * @param original each stage's data journal in the original run
   * @param replay each stage's data journal in the replay
   * @param limit the most differences to report
   */
  public static List<Difference> compare(List<String> stages, Function<String, ? extends JournalView> original,
      Function<String, ? extends JournalView> replay, int limit) {
    return compare(stages, original, replay, limit, Map.of());
  }

  /**
   * As {@link #compare(List, Function, Function, int)}; the original records of the stages in
   * {@code reencode} (upcast from an older event version) are compared as {@code reencode}'s codec
   * encodes their upcast payloads.
   */
  public static List<Difference> compare(List<String> stages, Function<String, ? extends JournalView> original,
      Function<String, ? extends JournalView> replay, int limit, Map<String, Codec<Object>> reencode) {
    List<Difference> out = new ArrayList<>();
    for (String stage : stages) {
      JournalView a = original.apply(stage);
      JournalView b = replay.apply(stage);
      long seq = 1;
      long[] running = {dev.weir.event.Checksum.EMPTY}; // the checksum of re-encoded records, for their end of stream
      while (out.size() < limit) {
        List<JournalRecord> as = a.read(seq, CHUNK);
        List<JournalRecord> bs = b.read(seq, CHUNK);
        int n = Math.min(as.size(), bs.size());
        Codec<Object> again = reencode.get(stage);
        for (int i = 0; i < n && out.size() < limit; i++) {
          JournalRecord original1 = as.get(i);
          if (again != null) {
            original1 = reencoded(original1, again, running);
            if (original1.kind() == dev.weir.flow.RecordKind.DATA) {
              running[0] = dev.weir.event.Checksum.mix(running[0], original1.seq(), original1.payloadCrc());
            }
          }
          String what = differs(original1, bs.get(i));
          if (what != null) {
            out.add(new Difference(stage, as.get(i).seq(), what));
          }
        }
        if (as.size() != bs.size()) {
          if (out.size() < limit) {
            out.add(new Difference(stage, seq + n, "the original has " + a.lastSeq() + " records, the replay "
                + b.lastSeq()));
          }
          break;
        }
        if (as.isEmpty()) {
          break;
        }
        seq += n;
      }
    }
    return out;
  }

  /**
   * An original record as the current codec encodes its upcast payload; its end of stream carries
   * the checksum over the re-encoded records ({@code running}).
   */
  private static JournalRecord reencoded(JournalRecord r, Codec<Object> codec, long[] running) {
    byte[] bytes;
    if (r.kind() == dev.weir.flow.RecordKind.DATA) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        codec.encode(r.payload(), out);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("re-encoding seq " + r.seq() + " failed: " + e.getMessage(), e);
      }
      bytes = out.toByteArray();
    } else if (r.kind() == dev.weir.flow.RecordKind.END_OF_STREAM) {
      dev.weir.flow.EndOfStream eos = (dev.weir.flow.EndOfStream) r.payload();
      bytes = java.nio.ByteBuffer.allocate(16).putLong(eos.lastSeq()).putLong(running[0]).array();
    } else {
      return r;
    }
    return new JournalRecord(r.seq(), r.kind(), r.parent(), r.joined(), r.correlationId(), r.depth(), r.timestamp(),
        r.payload(), bytes, r.fallback());
  }

  private static String text(JournalRecord r) {
    String t = r.kind() == dev.weir.flow.RecordKind.DATA ? bytesAsText(r.payloadBytes()) : String.valueOf(r.payload());
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  /** Encoded payload bytes shown as JSON: JSON text as it is, Smile as the JSON of its tree, anything else as UTF-8. */
  private static String bytesAsText(byte[] bytes) {
    String utf8 = new String(bytes, StandardCharsets.UTF_8);
    for (dev.weir.flow.PayloadFormat f : dev.weir.flow.PayloadFormat.values()) {
      try {
        com.fasterxml.jackson.databind.JsonNode tree = dev.weir.event.JsonCodec.<com.fasterxml.jackson.databind.JsonNode>of(
            com.fasterxml.jackson.databind.JsonNode.class, TREES, f).decode(bytes, 0, bytes.length);
        return f == dev.weir.flow.PayloadFormat.JSON ? utf8 : tree.toString();
      } catch (java.io.IOException | RuntimeException notThisFormat) {
        // try the next one
      }
    }
    return utf8;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper TREES = dev.weir.event.JsonCodec.newDefaultMapper();

  private static String differs(JournalRecord a, JournalRecord b) {
    if (a.kind() != b.kind()) {
      return "kind " + a.kind() + " vs " + b.kind();
    }
    if (a.fallback() != b.fallback()) {
      return a.fallback() ? "fallback answer vs handler output" : "handler output vs fallback answer";
    }
    if (!a.parent().equals(b.parent())) {
      return "parent " + a.parent() + " vs " + b.parent();
    }
    if (!a.joined().equals(b.joined())) {
      return "joined " + a.joined() + " vs " + b.joined();
    }
    if (a.correlationId() != b.correlationId()) {
      return "correlation " + a.correlationId() + " vs " + b.correlationId();
    }
    if (a.depth() != b.depth()) {
      return "depth " + a.depth() + " vs " + b.depth();
    }
    if (!Arrays.equals(a.payloadBytes(), b.payloadBytes())) {
      return "payload " + text(a) + " vs " + text(b); // the encoded bytes, as text
    }
    return null;
  }
}
