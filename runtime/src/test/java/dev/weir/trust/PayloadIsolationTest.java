package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.event.Immutability;
import dev.weir.flow.RecordKind;
import dev.weir.flow.Durability;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.JournalRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What a stage receives is what its writer journaled: a value that can change is never shared, so a
 * writer that changes it after emitting it, or one of several readers that changes what it got,
 * cannot make another stage see something the journal does not hold.
 */
class PayloadIsolationTest {

  @TempDir
  Path dir;

  /** A mutable bean, as plain Java classes are. */
  public static final class Bag {
    private long id;
    private List<String> tags = new ArrayList<>();

    public Bag() {}

    Bag(long id) {
      this.id = id;
      tags.add("t" + id);
    }

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }

    @Override
    public String toString() {
      return id + tags.toString();
    }
  }

  public record Reading(String sensor, double value, Instant at, Optional<String> note) {}

  public record Holder(List<String> items) {}

  private static final ElementType LONG = ElementType.of(Long.class);
  private static final ElementType BAG = ElementType.of(Bag.class);

  private dev.weir.flow.Journals journals(boolean disk) {
    return disk ? Journals.disk(dir).durability(Durability.none()) : Journals.memory();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aValueChangedAfterEmit_reachesReadersAsJournaled(boolean disk) throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Transform<Long, Bag> careless = (x, out) -> {
      Bag b = new Bag(x);
      out.emit(b);
      b.getTags().add("after-emit"); // too late: what was emitted is what was journaled
      b.setId(-x);
    };
    FlowDefinition def = FlowDefinition.define("careless")
        .stage(StageDefinition.source("n", LONG, f -> Sources.range(3, i -> i)))
        .stage(StageDefinition.transform("make", StageKind.TRANSFORM, LONG, BAG, f -> careless))
        .stage(StageDefinition.sink("out", BAG, f -> (Sink<Bag>) b -> seen.add(b.toString())))
        .chain("n", "make", "out")
        .build();
    FlowHandle h = def.builder().journals(journals(disk)).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(seen).containsExactly("0[t0]", "1[t1]", "2[t2]");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void oneReaderChangingItsValue_doesNotChangeWhatAnotherReaderGets(boolean disk) throws Exception {
    List<String> b = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = FlowDefinition.define("fanout")
        .stage(StageDefinition.source("src", BAG, f -> Sources.range(200, Bag::new)))
        .stage(StageDefinition.sink("a", BAG, f -> (Sink<Bag>) x -> {
          x.setId(1000 + x.getId());
          x.getTags().clear();
        }))
        .stage(StageDefinition.sink("b", BAG, f -> (Sink<Bag>) x -> b.add(x.toString())))
        .edge(EdgeDefinition.forward("src", "a"))
        .edge(EdgeDefinition.forward("src", "b"))
        .build();
    FlowHandle h = def.builder().journals(journals(disk)).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    List<String> journaled = new ArrayList<>();
    if (!disk) {
      for (JournalRecord rec : h.journals().data("src").readAll(RecordKind.DATA)) {
        journaled.add(rec.payload().toString());
      }
      assertThat(b).isEqualTo(journaled);
    }
    assertThat(b).hasSize(200).first().isEqualTo("0[t0]");
    assertThat(b.get(199)).isEqualTo("199[t199]");
  }

  @Test
  void onlyValuesThatCannotChange_areShared() {
    assertThat(Immutability.deeplyImmutable(Long.class)).isTrue();
    assertThat(Immutability.deeplyImmutable(String.class)).isTrue();
    assertThat(Immutability.deeplyImmutable(Reading.class)).isTrue();
    assertThat(Immutability.deeplyImmutable(Bag.class)).isFalse();
    assertThat(Immutability.deeplyImmutable(Holder.class)).isFalse();
    assertThat(Immutability.deeplyImmutable(int[].class)).isFalse();
    assertThat(Immutability.deeplyImmutable(new dev.weir.flow.TypeRef<List<String>>() {}.type())).isFalse();
    assertThat(Immutability.deeplyImmutable(new dev.weir.flow.TypeRef<Optional<Reading>>() {}.type())).isTrue();
  }
}
