package dev.weir.event;

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
}
