package flows.notastage;

import dev.weir.api.*;
import dev.weir.dsl.*;

import java.util.ArrayList;
import java.util.List;

@Flow(topology = {"numbers |> doubled |> same |> printed"})
class Subtypes {
  /** A handler class: its type arguments come from its supertypes. */
  static final class Doubler implements Transform<Integer, Integer> {
    @Override public void process(Integer in, Emitter<Integer> out) { out.emit(in * 2); }
  }

  /** A generic handler class, used with a concrete type argument. */
  static class Passthrough<T> implements Transform<T, T> {
    @Override public void process(T in, Emitter<T> out) { out.emit(in); }
  }

  static final List<Object> SEEN = new ArrayList<>();

  @Stage Source<? extends Integer> numbers() { return Sources.of(1, 2, 3); }
  @Stage Doubler doubled() { return new Doubler(); }
  @Stage Passthrough<Integer> same() { return new Passthrough<>(); }
  @Stage Sink<? super Integer> printed() { return Sinks.collect(SEEN); }
}
