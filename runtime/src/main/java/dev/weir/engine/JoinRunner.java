package dev.weir.engine;

import dev.weir.api.ErrorKind;
import dev.weir.api.Join;
import dev.weir.api.StageException;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link Join}. {@code FINITE}: reads only the reference input to its end of stream, then
 * the stream inputs (which wait in their rings meanwhile: backpressure, no buffering). {@code LIVE}:
 * reads both, the latest reference per key winning, with the reference side's share of each round
 * capped so that it never starves the stream. Each output records the reference event it joined
 * with. A null key never matches (as in SQL): a reference event with one is counted, not put in
 * the catalog; a stream event with one is unmatched. Inner drops unmatched stream events, left emits them with an absent reference, strict
 * dead-letters the first one and fails the flow naming its key.
 */
final class JoinRunner extends StageRunner {

  /** Most reference records read per round in LIVE mode. */
  static final int LIVE_REFERENCE_SHARE = 64;

  private final Join<Object, Object, Object> join;
  private final Map<Object, CatalogEntry> catalog = new HashMap<>();
  private StageInput reference;
  private long nullReferenceKeys;
  private int referenceStage;

  private record CatalogEntry(Object value, long seq) {}

  @SuppressWarnings("unchecked")
  JoinRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler) {
    super(index, definition, supervisor, data, errors);
    this.join = (Join<Object, Object, Object>) handler;
  }

  /** Names the input that carries the reference side. */
  void referenceInput(StageInput input) {
    this.reference = input;
    this.referenceStage = input.writer().index();
  }

  /** Whether the reference input is read live rather than to its end first. */
  boolean isLive() {
    return join.referenceMode() == Join.ReferenceMode.LIVE;
  }

  @Override
  void execute() throws Exception {
    if (join.referenceMode() == Join.ReferenceMode.FINITE) {
      loadReference(); // a replay's archived order reads the reference first too, in the same runs
      consumeInputs();
    } else {
      consumeLive();
    }
    complete();
  }

  /** FINITE: only the reference input, to its end of stream. */
  private void loadReference() throws Exception {
    Parker.Readiness ready = () -> halted() || reference.hasInput();
    while (!reference.ended()) {
      if (halted()) {
        throw Halted.INSTANCE;
      }
      beginBatch();
      if (pollInput(reference, referenceIndex(), replaying() ? Math.min(POLL_BUDGET, followedRunLeft()) : POLL_BUDGET) > 0) {
        flushJournals();
        resetBackoff();
      } else if (!reference.ended()) {
        idle(ready);
      }
    }
  }

  /** LIVE: every input, the reference side capped per round. */
  private void consumeLive() throws Exception {
    StageInput[] all = inputs();
    Parker.Readiness ready = this::inputReady;
    while (!inputsEnded()) {
      if (halted()) {
        throw Halted.INSTANCE;
      }
      beginBatch();
      int handled = pollRound(all, POLL_BUDGET, reference, LIVE_REFERENCE_SHARE);
      if (handled > 0) {
        flushJournals();
        resetBackoff();
      } else if (!inputsEnded()) {
        idle(ready);
      }
    }
  }

  @Override
  void onData(Slot slot, int upstream) {
    paceInput();
    if (upstream == referenceStage) {
      onReference(slot, upstream);
    } else {
      onStream(slot, upstream);
    }
  }

  private void onReference(Slot slot, int upstream) {
    Object key;
    try {
      key = join.referenceKey(slot.payload);
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("referenceKey", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
      return;
    }
    if (key == null) {
      nullReferenceKeys++; // a null key never matches (as in SQL): not in the catalog
      return;
    }
    catalog.put(key, new CatalogEntry(slot.payload, slot.seq));
  }

  private void onStream(Slot slot, int upstream) {
    StageOutput out = output();
    out.context(upstream, slot.seq, slot.correlation, slot.depth);
    try {
      Object key = join.streamKey(slot.payload);
      CatalogEntry match = key == null ? null : catalog.get(key); // a null key never matches
      if (match == null) {
        switch (join.kind()) {
          case INNER -> {
            return;
          }
          case LEFT -> emitCombined(Optional.empty(), slot);
          case STRICT -> {
            String why = "strict join '" + name() + "': " + (key == null ? "a null key, which never matches"
                : "no reference for key " + key) + " (stream event "
                + input(upstream, slot.seq) + ")";
            deadLetter(slot, upstream, new StageException(ErrorKind.DOMAIN, why));
            flushJournals();
            fail(why, null);
          }
          default -> throw new IllegalStateException("unknown join kind " + join.kind());
        }
        return;
      }
      out.joinedWith(referenceStage, match.seq());
      emitCombined(Optional.of(match.value()), slot);
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("streamKey or combine", slot, upstream, e);
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
    }
  }

  private void emitCombined(Optional<Object> ref, Slot slot) throws Exception {
    Object combined = join.combine(ref, slot.payload);
    if (combined == null) {
      throw new StageException(ErrorKind.VALIDATION, "join '" + name() + "': combine returned null");
    }
    output().emit(combined);
  }

  @Override
  String completionNote() {
    return nullReferenceKeys == 0 ? "" : nullReferenceKeys + " reference events had a null key and were not put in"
        + " the catalog (a null key never matches)";
  }

  private int referenceIndex() {
    StageInput[] all = inputs();
    for (int i = 0; i < all.length; i++) {
      if (all[i] == reference) {
        return i;
      }
    }
    throw new IllegalStateException("join '" + name() + "' has no reference input");
  }

  private String input(int upstream, long seq) {
    for (StageInput in : inputs()) {
      if (in.writer().index() == upstream) {
        return in.writer().name() + "#" + seq;
      }
    }
    return "#" + seq;
  }
}
