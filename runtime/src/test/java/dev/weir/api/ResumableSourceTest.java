package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ResumableSource} contract every ready-made resumable source keeps on bad calls
 * (negative counts, a second call, a call after {@code next}), and the harness the other
 * {@code Resumable*Test}s share: a collecting {@link Emitter} and the cut-at-every-point check.
 */
class ResumableSourceTest {

  /** What a source produced, in order: an event or a dead letter. */
  sealed interface Item permits Event, Reject {}

  /** One emitted event. */
  record Event(Object value) implements Item {}

  /** One rejected input, as the source passed it to {@link Emitter#reject}. */
  record Reject(String raw, ErrorKind kind, String reason) implements Item {}

  /** An emitter that keeps events and rejects in one list, in the order the source produced them. */
  static final class Collecting<T> implements Emitter<T> {
    final List<Item> items = new ArrayList<>();

    @Override
    public void emit(T item) {
      items.add(new Event(item));
    }

    @Override
    public void reject(String raw, ErrorKind kind, String reason) {
      items.add(new Reject(raw, kind, reason));
    }
  }

  /** A fresh source, as the runtime makes one for each run. */
  @FunctionalInterface
  interface Fresh<T> {
    Source<T> make() throws Exception;
  }

  /**
   * Calls {@code next} until the source is exhausted or at least {@code atLeast} items were produced,
   * closes it, and returns what it produced (possibly more than {@code atLeast}: a call emits a batch).
   */
  static <T> List<Item> drain(Source<T> source, long atLeast) throws Exception {
    Collecting<T> out = new Collecting<>();
    try {
      boolean more = true;
      while (more && out.items.size() < atLeast) {
        more = source.next(out);
      }
    } finally {
      source.close();
    }
    return out.items;
  }

  /** Everything a fresh source produces, to its end. */
  static <T> List<Item> fullRun(Fresh<T> fresh) throws Exception {
    return drain(fresh.make(), Long.MAX_VALUE);
  }

  static long events(List<Item> items) {
    return items.stream().filter(i -> i instanceof Event).count();
  }

  static long rejects(List<Item> items) {
    return items.stream().filter(i -> i instanceof Reject).count();
  }

  /** The dead letters' reasons, in order. */
  static List<String> reasons(List<Item> items) {
    return items.stream().filter(i -> i instanceof Reject).map(i -> ((Reject) i).reason()).toList();
  }

  /**
   * For each cut {@code k}: a fresh source's first {@code k} items (the run interrupted there), then
   * a second fresh source resumed after that many events and dead letters and read to its end,
   * together equal the uninterrupted run, item for item; and the resumed source still declares the
   * whole run's count.
   *
   * @return the uninterrupted run, for the caller's own checks on it
   */
  static <T> List<Item> assertResumesAtEveryCut(Fresh<T> fresh, LongStream cuts) throws Exception {
    List<Item> full = fullRun(fresh);
    for (long k : cuts.toArray()) {
      assertThat(k).as("cut point within the run of %d items", full.size()).isBetween(0L, (long) full.size());
      List<Item> before = drain(fresh.make(), k).subList(0, (int) k);
      Source<T> second = fresh.make();
      assertThat(second).as("the source is resumable").isInstanceOf(ResumableSource.class);
      ((ResumableSource<T>) second).resumeAfter(events(before), rejects(before));
      assertThat(second.expectedCount()).as("the resumed source declares the whole run's count")
          .isEqualTo(fresh.make().expectedCount());
      List<Item> after = drain(second, Long.MAX_VALUE);
      List<Item> joined = new ArrayList<>(before);
      joined.addAll(after);
      assertThat(joined).as("cut after %d items (%d events, %d dead letters)", k, events(before), rejects(before))
          .containsExactlyElementsOf(full);
    }
    return full;
  }

  /** Every cut from 0 to the end of the run. */
  static LongStream everyCut(Fresh<?> fresh) throws Exception {
    return LongStream.rangeClosed(0, fullRun(fresh).size());
  }

  // ---- the contract on bad calls, for every ready-made resumable source ----

  /** A CSV row. */
  public record Row(String id, int qty) {}

  @TempDir
  Path tmp;

  private Map<String, Fresh<?>> sources() throws Exception {
    Path csv = Files.writeString(tmp.resolve("rows.csv"), "id,qty\na,1\nb,2\n", StandardCharsets.UTF_8);
    Path jsonl = Files.writeString(tmp.resolve("rows.jsonl"), "{\"id\":\"a\",\"qty\":1}\n{\"id\":\"b\",\"qty\":2}\n",
        StandardCharsets.UTF_8);
    Path text = Files.writeString(tmp.resolve("rows.txt"), "a\nb\n", StandardCharsets.UTF_8);
    Map<String, Fresh<?>> all = new LinkedHashMap<>();
    all.put("csv", (Fresh<Row>) () -> Sources.csv(csv, Row.class));
    all.put("jsonLines", (Fresh<Row>) () -> Sources.jsonLines(jsonl, Row.class));
    all.put("lines", (Fresh<String>) () -> Sources.lines(text));
    all.put("of", (Fresh<String>) () -> Sources.of("a", "b"));
    all.put("range", (Fresh<Long>) () -> Sources.range(2, i -> i));
    all.put("infinite", (Fresh<Long>) () -> Sources.infinite(i -> i));
    return all;
  }

  private static ResumableSource<?> resumable(Fresh<?> fresh) throws Exception {
    Source<?> s = fresh.make();
    assertThat(s).isInstanceOf(ResumableSource.class);
    return (ResumableSource<?>) s;
  }

  @Test
  void negativeCounts_areIllegalArguments_forEverySource() throws Exception {
    for (Map.Entry<String, Fresh<?>> e : sources().entrySet()) {
      assertThatThrownBy(() -> resumable(e.getValue()).resumeAfter(-1, 0)).as(e.getKey())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1 events").hasMessageContaining("negative");
      assertThatThrownBy(() -> resumable(e.getValue()).resumeAfter(0, -2)).as(e.getKey())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2 dead letters");
    }
  }

  @Test
  void resumingTwice_isIllegalState_forEverySource() throws Exception {
    for (Map.Entry<String, Fresh<?>> e : sources().entrySet()) {
      ResumableSource<?> s = resumable(e.getValue());
      s.resumeAfter(1, 0);
      assertThatThrownBy(() -> s.resumeAfter(1, 0)).as(e.getKey())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already called");
      s.close();
    }
  }

  @Test
  void resumingAfterNext_isIllegalState_forEverySource() throws Exception {
    for (Map.Entry<String, Fresh<?>> e : sources().entrySet()) {
      ResumableSource<Object> s = (ResumableSource<Object>) resumable(e.getValue());
      s.next(new Collecting<>());
      assertThatThrownBy(() -> s.resumeAfter(0, 0)).as(e.getKey())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("after next()");
      s.close();
    }
  }

  @Test
  void theMessagesNameTheSource() throws Exception {
    Map<String, Fresh<?>> all = sources();
    Map<String, String> names = Map.of(
        "csv", "CSV source " + tmp.resolve("rows.csv"),
        "jsonLines", "JSON Lines source " + tmp.resolve("rows.jsonl"),
        "lines", "lines source " + tmp.resolve("rows.txt"),
        "of", "Sources.of source",
        "range", "Sources.range(2, ...)",
        "infinite", "Sources.infinite(...)");
    for (Map.Entry<String, Fresh<?>> e : all.entrySet()) {
      assertThatThrownBy(() -> resumable(e.getValue()).resumeAfter(-1, 0)).as(e.getKey())
          .hasMessageStartingWith(names.get(e.getKey()) + ": ");
    }
  }

  @Test
  void resumingAfterNothing_readsTheWholeInput() throws Exception {
    for (Map.Entry<String, Fresh<?>> e : sources().entrySet()) {
      if (e.getKey().equals("infinite")) {
        continue;
      }
      ResumableSource<?> s = resumable(e.getValue());
      s.resumeAfter(0, 0);
      assertThat(drain(s, Long.MAX_VALUE)).as(e.getKey()).hasSize(2).isEqualTo(fullRun(e.getValue()));
    }
  }

  @Test
  void theHarness_catchesASourceThatResumesWrongly() throws Exception {
    // a resumable source that ignores the counts: resuming must visibly fail the check
    Fresh<Integer> broken = () -> new ResumableSource<>() {
      private final Source<Integer> inner = Sources.of(1, 2, 3);

      @Override
      public boolean next(Emitter<Integer> out) throws Exception {
        return inner.next(out);
      }

      @Override
      public void resumeAfter(long emitted, long rejected) {}
    };
    assertThatThrownBy(() -> assertResumesAtEveryCut(broken, LongStream.of(1))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("cut after 1 items");
    Callable<List<Item>> ok = () -> assertResumesAtEveryCut(broken, LongStream.of(0));
    assertThat(ok.call()).hasSize(3);
  }
}
