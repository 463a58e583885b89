package dev.weir.test;

import dev.weir.api.ErrorKind;
import dev.weir.engine.EngineAccess;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.EndOfStream;
import dev.weir.flow.JournalView;
import dev.weir.flow.StageStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assertions on one stage of a {@link FlowTestRun}, chained as AssertJ's are:
 * {@code run.assertStage("validate").hasEmittedCount(1956).hasErrors(44).hasOnlyErrorsOfKind(ErrorKind.VALIDATION)}.
 * Each failure names the stage and the flow, shows what was expected and what the stage did, and,
 * for sequences, where they first differ. Outputs and dead letters are read from the stage's
 * journals; counts from the run's status (a finished run's final figures).
 */
public final class StageAssert {

  /** How many elements of a list a failure message shows. */
  private static final int SHOWN = 10;

  private final FlowTestRun run;
  private final String stage;

  StageAssert(FlowTestRun run, String stage) {
    this.run = run;
    this.stage = stage;
  }

  /** Asserts that the stage emitted exactly {@code expected}, in this order (by {@code equals}). */
  public StageAssert hasEmitted(Object... expected) {
    return hasEmitted(Arrays.asList(expected));
  }

  /** As {@link #hasEmitted(Object...)}, for a list. */
  public StageAssert hasEmitted(List<?> expected) {
    List<Object> actual = run.outputs(stage);
    if (!actual.equals(expected)) {
      int i = 0;
      while (i < actual.size() && i < expected.size() && Objects.equals(actual.get(i), expected.get(i))) {
        i++;
      }
      String difference = i < actual.size() && i < expected.size()
          ? "expected " + expected.get(i) + " but got " + actual.get(i)
          : i < expected.size() ? "expected " + expected.get(i) + " but the stage emitted nothing more"
          : "expected nothing more but got " + actual.get(i);
      throw fail("expected to emit " + events(expected.size()) + " in order, emitted " + actual.size()
          + "; first difference at index " + i + ": " + difference
          + "\n  expected: " + shown(expected, i) + "\n  emitted:  " + shown(actual, i));
    }
    return this;
  }

  /**
   * Asserts that the stage emitted exactly {@code expected} in any order, each as many times as
   * given: for a stage with several inputs, whose order depends on timing.
   */
  public StageAssert hasEmittedInAnyOrder(List<?> expected) {
    List<Object> actual = run.outputs(stage);
    Map<Object, Integer> missing = counts(expected);
    List<Object> unexpected = new ArrayList<>();
    for (Object o : actual) {
      Integer n = missing.get(o);
      if (n == null) {
        unexpected.add(o);
      } else if (n == 1) {
        missing.remove(o);
      } else {
        missing.put(o, n - 1);
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      List<Object> absent = new ArrayList<>();
      missing.forEach((o, n) -> {
        for (int k = 0; k < n; k++) {
          absent.add(o);
        }
      });
      throw fail("expected to emit " + events(expected.size()) + " in any order, emitted " + actual.size()
          + "\n  not emitted: " + shown(absent, 0) + "\n  not expected: " + shown(unexpected, 0));
    }
    return this;
  }

  /** Asserts how many events the stage emitted (for a sink: how many it receipted). */
  public StageAssert hasEmittedCount(long expected) {
    long actual = status().emitted();
    if (actual != expected) {
      throw fail("expected to emit " + expected + " events, emitted " + actual);
    }
    return this;
  }

  /** Asserts how many data events the stage read from all its inputs. */
  public StageAssert hasReceived(long expected) {
    long actual = status().received();
    if (actual != expected) {
      throw fail("expected to receive " + expected + " events, received " + actual);
    }
    return this;
  }

  /** Asserts that the stage dead-lettered nothing. */
  public StageAssert hasNoErrors() {
    List<DeadLetter> dead = run.deadLetters(stage);
    if (!dead.isEmpty()) {
      throw fail("expected no errors, has " + dead.size() + "; first: " + describe(dead.get(0)));
    }
    return this;
  }

  /** Asserts how many inputs the stage dead-lettered. */
  public StageAssert hasErrors(long expected) {
    List<DeadLetter> dead = run.deadLetters(stage);
    if (dead.size() != expected) {
      throw fail("expected " + expected + " errors, has " + dead.size()
          + (dead.isEmpty() ? "" : "; first: " + describe(dead.get(0))));
    }
    return this;
  }

  /**
   * Asserts that the stage dead-lettered {@code input} as {@code kind} with a message containing
   * {@code messagePart}.
   */
  public StageAssert hasErrorFor(Object input, ErrorKind kind, String messagePart) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(messagePart, "messagePart");
    List<DeadLetter> dead = run.deadLetters(stage);
    List<DeadLetter> forInput = dead.stream().filter(d -> Objects.equals(d.input(), input)).toList();
    if (forInput.isEmpty()) {
      throw fail("expected an error for input " + input + ", but none of its " + dead.size() + " errors is for it"
          + (dead.isEmpty() ? "" : "; its errors: " + shown(dead.stream().map(StageAssert::describe).toList(), 0)));
    }
    boolean matches = forInput.stream().anyMatch(d -> d.kind() == kind && d.message().contains(messagePart));
    if (!matches) {
      throw fail("expected an error for input " + input + " of kind " + kind + " with a message containing '"
          + messagePart + "', but it has: " + forInput.stream().map(StageAssert::describe).toList());
    }
    return this;
  }

  /** Asserts that every error of the stage (there may be none) is of {@code kind}. */
  public StageAssert hasOnlyErrorsOfKind(ErrorKind kind) {
    Objects.requireNonNull(kind, "kind");
    for (DeadLetter d : run.deadLetters(stage)) {
      if (d.kind() != kind) {
        throw fail("expected every error to be " + kind + ", but has " + describe(d));
      }
    }
    return this;
  }

  /**
   * Asserts the order in which the stage read its inputs' data events, each named by the upstream
   * stage it came from: {@code consumedInOrder("left", "left", "right")} for a stage that read two
   * events from {@code left}, then one from {@code right} (ends of stream and timer firings are not
   * listed). Read from the stage's order journal, which a stage with several inputs keeps; with
   * {@link FlowTestKit#withSeed(long)} the order is reproducible.
   *
   * @throws AssertionError showing where the orders first differ, both as runs ({@code left x2, right x1})
   *     and around the difference; or when the stage keeps no order journal (it has one input)
   */
  public StageAssert consumedInOrder(String... upstreams) {
    return consumedInOrder(Arrays.asList(upstreams));
  }

  /** As {@link #consumedInOrder(String...)}, for a list. */
  public StageAssert consumedInOrder(List<String> expected) {
    List<String> actual = consumedOrder();
    if (!actual.equals(expected)) {
      int i = 0;
      while (i < actual.size() && i < expected.size() && actual.get(i).equals(expected.get(i))) {
        i++;
      }
      String difference = i < actual.size() && i < expected.size()
          ? "expected an event from '" + expected.get(i) + "' but it read one from '" + actual.get(i) + "'"
          : i < expected.size() ? "expected an event from '" + expected.get(i) + "' but it read nothing more"
          : "expected nothing more but it read an event from '" + actual.get(i) + "'";
      throw fail("expected to consume " + events(expected.size()) + " in the order given, consumed " + actual.size()
          + "; first difference at index " + i + ": " + difference
          + "\n  expected: " + runs(expected) + "\n  consumed: " + runs(actual)
          + "\n  around it, expected: " + shown(expected, i) + "\n  around it, consumed: " + shown(actual, i));
    }
    return this;
  }

  /**
   * Asserts how many data events the stage read from upstream stage {@code upstream}.
   *
   * @throws IllegalArgumentException when {@code upstream} is not one of the stage's inputs (they are listed)
   */
  public StageAssert hasConsumedFrom(String upstream, long expected) {
    List<String> inputs = inputNames();
    if (!inputs.contains(upstream)) {
      throw new IllegalArgumentException("stage '" + stage + "' of flow '" + run.definition().name() + "' has no input"
          + " from '" + upstream + "'; its inputs: " + inputs);
    }
    long actual = consumedOrder().stream().filter(upstream::equals).count();
    if (actual != expected) {
      throw fail("expected to consume " + expected + " events from '" + upstream + "', consumed " + actual
          + "; its order: " + runs(consumedOrder()));
    }
    return this;
  }

  /**
   * The order in which the stage read its inputs' data events, each as the name of the upstream
   * stage it came from (see {@link #consumedInOrder(String...)}), for assertions of your own.
   *
   * @throws AssertionError when the stage keeps no order journal
   */
  public List<String> consumedOrder() {
    JournalView journal = run.journals().order(stage).orElseThrow(() -> fail("it keeps no order journal:"
        + " only a stage with several inputs (or a stateful stage whose timer fires) records the order it read them in;"
        + " its inputs: " + inputNames()));
    List<String> inputs = inputNames();
    long[] dataLeft = new long[inputs.size()];
    for (int i = 0; i < dataLeft.length; i++) {
      JournalView upstream = run.journals().data(inputs.get(i));
      dataLeft[i] = upstream.endOfStream().map(EndOfStream::lastSeq).orElse(Long.MAX_VALUE);
    }
    List<String> order = new ArrayList<>();
    for (int input : EngineAccess.inputsConsumed(journal)) {
      if (dataLeft[input] > 0) { // the record past an input's last data event is its end of stream
        dataLeft[input]--;
        order.add(inputs.get(input));
      }
    }
    return order;
  }

  /** The stage's inputs' stage names, in the order of its edges (the order journal's input numbers). */
  private List<String> inputNames() {
    return run.definition().inputsOf(stage).stream().map(EdgeDefinition::from).toList();
  }

  /** {@code left x2, right x1, left x5}: an order as runs from one input. */
  static String runs(List<String> order) {
    if (order.isEmpty()) {
      return "nothing";
    }
    StringBuilder b = new StringBuilder();
    int shownRuns = 0;
    int i = 0;
    while (i < order.size()) {
      int j = i;
      while (j < order.size() && order.get(j).equals(order.get(i))) {
        j++;
      }
      if (shownRuns == 2 * SHOWN) {
        return b.append(", ... ").append(order.size() - i).append(" more events").toString();
      }
      b.append(shownRuns == 0 ? "" : ", ").append(order.get(i)).append(" x").append(j - i);
      shownRuns++;
      i = j;
    }
    return b.toString();
  }

  /** What the stage emitted, for assertions of your own. */
  public <T> List<T> outputs() {
    return run.outputs(stage);
  }

  /** The stage's dead letters, for assertions of your own. */
  public List<DeadLetter> deadLetters() {
    return run.deadLetters(stage);
  }

  static String describe(DeadLetter d) {
    return d.kind() + " '" + d.message() + "' on input " + d.input();
  }

  private StageStatus status() {
    return run.status().stage(stage).orElseThrow(() -> fail("the run has no status for it yet"));
  }

  private AssertionError fail(String what) {
    return new AssertionError("stage '" + stage + "' of flow '" + run.definition().name() + "': " + what);
  }

  private static Map<Object, Integer> counts(List<?> items) {
    Map<Object, Integer> counts = new HashMap<>();
    for (Object o : items) {
      counts.merge(o, 1, Integer::sum);
    }
    return counts;
  }

  /** At most {@link #SHOWN} elements from just before {@code around}, with how many are left out. */
  private static String shown(List<?> items, int around) {
    if (items.size() <= SHOWN) {
      return items.toString();
    }
    int from = Math.max(0, Math.min(around - 2, items.size() - SHOWN));
    int to = Math.min(items.size(), from + SHOWN);
    return (from > 0 ? "[... " + from + " before, " : "[") + String.join(", ", items.subList(from, to).stream()
        .map(String::valueOf).toList()) + (to < items.size() ? ", ... " + (items.size() - to) + " more]" : "]");
  }

  private static String events(int n) {
    return n == 1 ? "1 event" : n + " events";
  }
}
