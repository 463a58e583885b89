package dev.weir.event;

import dev.weir.flow.Codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  record Point(int x, int y) {}

  static final class Empty {}

  record WithObject(String name, Object value) {}

  public static final class NoCreator {
    private final int a;

    public NoCreator(int a) {
      this.a = a;
    }

    public int getA() {
      return a;
    }
  }

  public static final class Derived {
    private int a;

    public int getA() {
      return a;
    }

    public void setA(int a) {
      this.a = a;
    }

    public int getTwice() {
      return 2 * a;
    }
  }

  public static final class DerivedIgnored {
    private int a;

    public int getA() {
      return a;
    }

    public void setA(int a) {
      this.a = a;
    }

    @JsonIgnore
    public int getTwice() {
      return 2 * a;
    }
  }

  interface Shape {}

  record Circle(double r) implements Shape {}

  record Drawing(Shape shape) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes(@JsonSubTypes.Type(value = Square.class, name = "square"))
  interface TypedShape {}

  record Square(double side) implements TypedShape {}

  record TypedDrawing(TypedShape shape) {}

  record Inner(Object anything) {}

  record Outer(String id, List<Inner> inners) {}

  record Times(Instant at, LocalDate day, Duration took, ZonedDateTime zoned, Optional<String> note) {}

  enum Color { RED, GREEN, BLUE }

  record Palette(Map<Color, Integer> counts) {}

  @Test
  void recordsAndPlainTypes_roundTrip() {
    assertThat(JsonCodec.of(Point.class).problems()).isEmpty();
    assertThat(JsonCodec.of(String.class).problems()).isEmpty();
    assertThat(JsonCodec.of(Long.class).problems()).isEmpty();
    assertThat(JsonCodec.of(DerivedIgnored.class).problems()).isEmpty();
    assertThat(JsonCodec.of(TypedDrawing.class).problems()).isEmpty();
    assertThat(JsonCodec.of(Palette.class).problems()).isEmpty();
  }

  record Measured(String id, Number value) {}

  @Test
  void anAbstractNumber_isAProblem() {
    assertThat(JsonCodec.of(Measured.class).problems()).singleElement().asString()
        .contains(".value is declared as Number").contains("Integer, Long");
  }

  @Test
  void aRegisteredJsonCodec_isCopiedForEachJournal() {
    JsonCodec<Point> shared = JsonCodec.of(Point.class, JsonCodec.newDefaultMapper());
    CodecRegistry registry = CodecRegistry.defaults().with(Point.class, shared);
    Codec<Object> a = registry.codecFor(dev.weir.flow.ElementType.of(Point.class));
    Codec<Object> b = registry.codecFor(dev.weir.flow.ElementType.of(Point.class));
    assertThat(a).isNotSameAs(b).isNotSameAs(shared);
  }

  @Test
  void emptyBean_isAProblem() {
    assertThat(JsonCodec.of(Empty.class).problems()).singleElement().asString()
        .contains("no properties").contains(Empty.class.getName()).contains("{}");
  }

  @Test
  void objectTypedField_isAProblem_namingTheProperty() {
    assertThat(JsonCodec.of(WithObject.class).problems()).singleElement().asString()
        .contains(".value is declared as Object").contains("map, list, string or number");
    assertThat(JsonCodec.of(Outer.class).problems()).singleElement().asString()
        .contains(".inners (element).anything is declared as Object");
  }

  @Test
  void writableButNotReadable_isAProblem() {
    assertThat(JsonCodec.of(NoCreator.class).problems()).singleElement().asString()
        .contains("can write").contains("not read it back").contains("@JsonCreator");
    assertThat(JsonCodec.of(Derived.class).problems()).singleElement().asString()
        .contains(".twice is written").contains("@JsonIgnore");
  }

  @Test
  void abstractPropertyWithoutTypeInfo_isAProblem() {
    assertThat(JsonCodec.of(Drawing.class).problems()).singleElement().asString()
        .contains(".shape").contains("abstract or an interface").contains("@JsonTypeInfo");
  }

  @Test
  void javaTimeAndOptional_roundTripExactly() throws Exception {
    JsonCodec<Times> codec = JsonCodec.of(Times.class);
    assertThat(codec.problems()).isEmpty();
    Times t = new Times(Instant.parse("2026-12-02T10:15:30.123456789Z"), LocalDate.of(2026, 2, 28),
        Duration.ofMillis(1500), ZonedDateTime.parse("2026-03-29T02:30:00+02:00[Europe/Paris]"), Optional.of("n"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(t, out);
    String json = out.toString(StandardCharsets.UTF_8);
    assertThat(json).contains("\"2026-12-02T10:15:30.123456789Z\"").contains("\"2026-02-28\"");
    byte[] b = out.toByteArray();
    assertThat(codec.decode(b, 0, b.length)).isEqualTo(t);
  }

  @Test
  void failedEncode_leavesTheCodecClean() throws Exception {
    JsonCodec<List<Object>> codec = JsonCodec.of(List.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> codec.encode(List.of("a", new Empty()), out)).isInstanceOf(Exception.class);
    out.reset();
    codec.encode(List.of("b", 2), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[\"b\",2]");
  }

  @Test
  void mapEntries_areWrittenInKeyOrder() throws Exception {
    JsonCodec<Palette> codec = JsonCodec.of(Palette.class);
    Map<Color, Integer> counts = new java.util.HashMap<>();
    counts.put(Color.BLUE, 3);
    counts.put(Color.RED, 1);
    counts.put(Color.GREEN, 2);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    codec.encode(new Palette(counts), a);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    codec.encode(new Palette(new EnumMap<>(counts)), b);
    assertThat(a.toString(StandardCharsets.UTF_8)).isEqualTo("{\"counts\":{\"RED\":1,\"GREEN\":2,\"BLUE\":3}}")
        .isEqualTo(b.toString(StandardCharsets.UTF_8));
  }

  @Test
  void fastPaths_writeExactlyWhatJacksonsObjectWriterWrites() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper jackson = JsonCodec.newDefaultMapper();
    List<Object> values = List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 7, Integer.MIN_VALUE, (short) -3, (byte) 9,
        "", "plain", "quote \" backslash \\ tab \t newline \n", "\u00e9t\u00e9 \u20ac \uD83D\uDE00 \u0001",
        0.0, -0.0, 1.5, 1e300, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, true, false,
        new Point(3, -4), new Palette(Map.of(Color.BLUE, 1, Color.RED, 2)));
    for (Object v : values) {
      JsonCodec<Object> codec = JsonCodec.of(v.getClass());
      ByteArrayOutputStream fast = new ByteArrayOutputStream();
      codec.encode(v, fast);
      codec.encode(v, fast); // a reused generator and provider write the same again
      byte[] once = jackson.writerFor(v.getClass()).writeValueAsBytes(v);
      byte[] twice = new byte[once.length * 2];
      System.arraycopy(once, 0, twice, 0, once.length);
      System.arraycopy(once, 0, twice, once.length, once.length);
      assertThat(fast.toByteArray()).as("%s (%s)", v, v.getClass().getSimpleName()).isEqualTo(twice);
      assertThat(codec.decode(once, 0, once.length)).isEqualTo(v);
    }
  }
}
