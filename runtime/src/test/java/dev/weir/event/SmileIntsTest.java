package dev.weir.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.weir.flow.PayloadFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link SmileInts} writes exactly the bytes Jackson's Smile generator writes, and they read back. */
class SmileIntsTest {

  private static byte[] jackson(long v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JsonCodec.factory(JsonCodec.defaultMapper(), PayloadFormat.SMILE).createGenerator(out)) {
      g.writeNumber(v);
    }
    return out.toByteArray();
  }

  private static byte[] ours(int v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SmileInts.write(v, out);
    return out.toByteArray();
  }

  private static List<Integer> values() {
    List<Integer> v = new ArrayList<>();
    for (int i = -70_000; i <= 70_000; i++) {
      v.add(i);
    }
    for (int k = 0; k < 31; k++) {
      for (int d = -1; d <= 1; d++) {
        v.add((1 << k) + d);
        v.add(-(1 << k) + d);
      }
    }
    v.add(Integer.MAX_VALUE);
    v.add(Integer.MIN_VALUE);
    v.add(Integer.MIN_VALUE + 1);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      v.add(random.nextInt());
    }
    return v;
  }

  @Test
  void everyIntValue_isWrittenAsJacksonWritesIt() throws IOException {
    for (int v : values()) {
      assertThat(ours(v)).as("%d", v).isEqualTo(jackson(v));
    }
  }

  @Test
  void theCodec_writesTheSameBytesAsBefore_andReadsThemBack_forLongsInAndOutOfTheIntRange() throws IOException {
    JsonCodec<Long> longs = JsonCodec.of(Long.class, JsonCodec.defaultMapper(), PayloadFormat.SMILE);
    JsonCodec<Integer> ints = JsonCodec.of(Integer.class, JsonCodec.defaultMapper(), PayloadFormat.SMILE);
    List<Long> samples = new ArrayList<>(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, -(1L << 31) - 1, 1L << 40));
    values().stream().limit(1_000).forEach(i -> samples.add((long) i));
    values().stream().skip(140_000).forEach(i -> samples.add((long) i * 3));
    for (long v : samples) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      longs.encode(v, out);
      byte[] bytes = out.toByteArray();
      assertThat(bytes).as("%d", v).isEqualTo(jackson(v));
      assertThat(longs.decode(bytes, 0, bytes.length)).isEqualTo(v);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ints.encode(-123_456, out);
    assertThat(ints.decode(out.toByteArray(), 0, out.size())).isEqualTo(-123_456);
  }
}
