package flows.budget;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {"numbers |> checked |> printed"})
class StageBudget {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10); }

  @Stage(maxErrors = 2)
  Transform<Integer, Integer> checked() {
    return (n, out) -> {
      if (n % 2 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "number " + n + ": even");
      }
      out.emit(n);
    };
  }

  @Stage(maxErrors = Stage.INHERIT) Sink<Integer> printed() { return Sinks.discard(); }
}
