package dev.weir.api;

import static dev.weir.api.ResumableSourceTest.assertResumesAtEveryCut;
import static dev.weir.api.ResumableSourceTest.drain;
import static dev.weir.api.ResumableSourceTest.everyCut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ResumableSourceTest.Event;
import dev.weir.api.ResumableSourceTest.Fresh;
import dev.weir.api.ResumableSourceTest.Item;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming {@link Sources#of}, {@link Sources#range}, {@link Sources#infinite} and {@link Sources#lines} at every cut. */
class ResumableValueSourcesTest {

  @TempDir
  Path tmp;

  private static List<Item> events(Object... values) {
    List<Item> out = new ArrayList<>();
    for (Object v : values) {
      out.add(new Event(v));
    }
    return out;
  }

  /** Cuts 0..n for a small run; around the batch boundaries and the end for one past a batch. */
  private static LongStream cutsAround(long size) {
    return LongStream.concat(LongStream.of(0, 1, 2, 255, 510, 511, 512, 513, 1023, 1024, 1025),
        LongStream.of(size - 1, size)).filter(k -> k >= 0 && k <= size).distinct();
  }

  // ---- of ----

  @Test
  void of_aList_resumesAtEveryCut() throws Exception {
    Fresh<String> fresh = () -> Sources.of("a", "b", "c", "d", "e");
    List<Item> full = assertResumesAtEveryCut(fresh, everyCut(fresh));
    assertThat(full).isEqualTo(events("a", "b", "c", "d", "e"));
  }

  @Test
  void of_aCollectionThatIsNotAList_andAPlainIterable_resumeAtEveryCut() throws Exception {
    Fresh<Integer> set = () -> Sources.of(new LinkedHashSet<>(List.of(5, 3, 9, 1)));
    assertThat(assertResumesAtEveryCut(set, everyCut(set))).isEqualTo(events(5, 3, 9, 1));
    Fresh<Integer> iterable = () -> Sources.of(() -> IntStream.range(0, 6).iterator());
    assertThat(assertResumesAtEveryCut(iterable, everyCut(iterable))).isEqualTo(events(0, 1, 2, 3, 4, 5));
    assertThat(iterable.make().expectedCount()).isEmpty();
  }

  @Test
  void of_longerThanABatch_resumesAcrossBatchBoundaries() throws Exception {
    List<Integer> values = IntStream.range(0, 1300).boxed().toList();
    Fresh<Integer> list = () -> Sources.of(values);
    assertThat(assertResumesAtEveryCut(list, cutsAround(1300))).hasSize(1300);
    Fresh<Integer> iterable = () -> Sources.of(values::iterator);
    assertThat(assertResumesAtEveryCut(iterable, cutsAround(1300))).hasSize(1300);
  }

  @Test
  void of_resumedAfterMoreThanItHolds_saysExpectedAndFound() throws Exception {
    ResumableSource<String> list = (ResumableSource<String>) Sources.of("a", "b", "c");
    assertThatThrownBy(() -> list.resumeAfter(4, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("Sources.of source: cannot resume after 4 emitted items: it holds only 3;"
            + " it is not the collection the run was started on");
    ResumableSource<Integer> iterable = (ResumableSource<Integer>) Sources.of(() -> IntStream.range(0, 2).iterator());
    assertThatThrownBy(() -> iterable.resumeAfter(7, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after 7 emitted items: it holds only 2");
  }

  @Test
  void of_resumedAtItsEnd_emitsNothing_andStillDeclaresItsSize() throws Exception {
    ResumableSource<String> s = (ResumableSource<String>) Sources.of("a", "b", "c");
    s.resumeAfter(3, 0);
    assertThat(s.expectedCount()).isEqualTo(OptionalLong.of(3));
    assertThat(drain(s, Long.MAX_VALUE)).isEmpty();
  }

  // ---- range, infinite ----

  @Test
  void range_resumesAtEveryCut_withoutGeneratingTheSkippedValues() throws Exception {
    Fresh<String> fresh = () -> Sources.range(7, i -> "v" + i);
    assertThat(assertResumesAtEveryCut(fresh, everyCut(fresh))).isEqualTo(events("v0", "v1", "v2", "v3", "v4", "v5", "v6"));

    List<Long> asked = new ArrayList<>();
    ResumableSource<Long> s = (ResumableSource<Long>) Sources.range(1_000_000_000_000L, i -> {
      asked.add(i);
      return i;
    });
    s.resumeAfter(999_999_999_998L, 0);
    assertThat(asked).as("resuming generates nothing").isEmpty();
    assertThat(drain(s, Long.MAX_VALUE)).isEqualTo(events(999_999_999_998L, 999_999_999_999L));
    assertThat(asked).containsExactly(999_999_999_998L, 999_999_999_999L);
    assertThat(s.expectedCount()).isEqualTo(OptionalLong.of(1_000_000_000_000L));
  }

  @Test
  void range_longerThanABatch_resumesAcrossBatchBoundaries() throws Exception {
    Fresh<Long> fresh = () -> Sources.range(1300, i -> i * 3);
    assertThat(assertResumesAtEveryCut(fresh, cutsAround(1300))).hasSize(1300);
  }

  @Test
  void range_resumedAfterMoreThanItHolds_saysExpectedAndFound() {
    ResumableSource<Long> s = (ResumableSource<Long>) Sources.range(10, i -> i);
    assertThatThrownBy(() -> s.resumeAfter(11, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("Sources.range(10, ...): cannot resume after 11 emitted values: it holds only 10;"
            + " it is not the range the run was started on");
  }

  @Test
  void infinite_resumesByJumpingItsIndex() throws Exception {
    AtomicLong calls = new AtomicLong();
    ResumableSource<Long> s = (ResumableSource<Long>) Sources.infinite(i -> {
      calls.incrementAndGet();
      return i;
    });
    s.resumeAfter(5_000_000_000L, 0);
    assertThat(calls).as("resuming generates nothing").hasValue(0);
    ResumableSourceTest.Collecting<Long> out = new ResumableSourceTest.Collecting<>();
    assertThat(s.next(out)).isTrue();
    assertThat(out.items).hasSize(Sources.BATCH);
    assertThat(out.items.get(0)).isEqualTo(new Event(5_000_000_000L));
    assertThat(out.items.get(Sources.BATCH - 1)).isEqualTo(new Event(5_000_000_000L + Sources.BATCH - 1));
    assertThat(calls).hasValue(Sources.BATCH);
    assertThat(s.expectedCount()).isEmpty();
  }

  @Test
  void infinite_resumedNearTheEndOfTheIndex_emitsWhatIsLeftAndEnds() throws Exception {
    ResumableSource<Long> s = (ResumableSource<Long>) Sources.infinite(i -> i);
    s.resumeAfter(Long.MAX_VALUE - 2, 0);
    assertThat(drain(s, Long.MAX_VALUE)).isEqualTo(events(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1));
  }

  @Test
  void infinite_resumedAtCuts_continuesTheSameSequence() throws Exception {
    for (long k : new long[] {0, 1, 511, 512, 513, 2000}) {
      List<Item> before = drain(Sources.infinite(i -> i * 2), k).subList(0, (int) k);
      ResumableSource<Long> second = (ResumableSource<Long>) Sources.infinite(i -> i * 2);
      second.resumeAfter(k, 0);
      List<Item> after = drain(second, 600).subList(0, 600);
      List<Item> joined = new ArrayList<>(before);
      joined.addAll(after);
      List<Item> expected = new ArrayList<>();
      for (long i = 0; i < k + 600; i++) {
        expected.add(new Event(i * 2));
      }
      assertThat(joined).as("cut after %d", k).isEqualTo(expected);
    }
  }

  // ---- lines ----

  @Test
  void lines_resumeAtEveryCut_withEveryLineTerminatorEmptyLinesAndNoFinalNewline() throws Exception {
    Path file = Files.writeString(tmp.resolve("mixed.txt"), "one\n\ntwo\r\nthree\rfour\r\n\r\n  \nlast", StandardCharsets.UTF_8);
    Fresh<String> fresh = () -> Sources.lines(file);
    List<Item> full = assertResumesAtEveryCut(fresh, everyCut(fresh));
    assertThat(full).isEqualTo(events("one", "", "two", "three", "four", "", "  ", "last"));
  }

  @Test
  void lines_endingWithANewline_andAnEmptyFile_resumeAtEveryCut() throws Exception {
    Path file = Files.writeString(tmp.resolve("ended.txt"), "a\nb\n\n", StandardCharsets.UTF_8);
    Fresh<String> fresh = () -> Sources.lines(file);
    assertThat(assertResumesAtEveryCut(fresh, everyCut(fresh))).isEqualTo(events("a", "b", ""));
    Path empty = Files.writeString(tmp.resolve("empty.txt"), "", StandardCharsets.UTF_8);
    Fresh<String> none = () -> Sources.lines(empty);
    assertThat(assertResumesAtEveryCut(none, LongStream.of(0))).isEmpty();
  }

  @Test
  void lines_longerThanABatch_resumeAcrossBatchBoundaries() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1300; i++) {
      text.append("line ").append(i).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    Path file = Files.writeString(tmp.resolve("long.txt"), text, StandardCharsets.UTF_8);
    Fresh<String> fresh = () -> Sources.lines(file);
    List<Item> full = assertResumesAtEveryCut(fresh, cutsAround(1300));
    assertThat(full).hasSize(1300).endsWith(new Event("line 1299"));
  }

  @Test
  void lines_resumedAfterMoreThanTheFileHolds_namesTheFileAndTheCounts() throws Exception {
    Path file = Files.writeString(tmp.resolve("short.txt"), "a\nb\nc", StandardCharsets.UTF_8);
    ResumableSource<String> s = (ResumableSource<String>) Sources.lines(file);
    assertThatThrownBy(() -> s.resumeAfter(5, 0)).isInstanceOf(IllegalStateException.class)
        .hasMessage("lines source " + file + ": cannot resume after 5 emitted lines: the file holds only 3;"
            + " it is not the file the run was started on");
    s.close();
  }
}
