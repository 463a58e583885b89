package dev.weir.engine;

import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import java.util.ArrayList;

/**
 * What one attempt of a middleware stage's handler emitted (and rejected), held back until the
 * attempt succeeded: a failed attempt is made again or given up, and must leave nothing in the
 * journal; a timed-out call's late output must not appear either. Reused input after input.
 */
final class AttemptBuffer implements Emitter<Object> {

  /** A rejection held back with the items, in the order the handler made them. */
  private record Rejection(String raw, ErrorKind kind, String reason) {}

  private final ArrayList<Object> held = new ArrayList<>();

  void clear() {
    held.clear();
  }

  @Override
  public void emit(Object item) {
    if (item == null) {
      throw new NullPointerException("a handler emitted null: events must not be null");
    }
    held.add(item);
  }

  @Override
  public void reject(String raw, ErrorKind kind, String reason) {
    java.util.Objects.requireNonNull(raw, "raw");
    java.util.Objects.requireNonNull(kind, "kind");
    held.add(new Rejection(raw, kind, reason));
  }

  /** Hands what the successful attempt emitted to {@code out}, in order; an emitter pacing each item may park. */
  void publish(Emitter<Object> out) {
    try {
      for (Object o : held) {
        if (o instanceof Rejection r) {
          out.reject(r.raw, r.kind, r.reason);
        } else {
          out.emit(o);
        }
      }
    } finally {
      held.clear();
    }
  }
}
