package dev.weir.api;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/** Ready-made {@link Sink}s. */
public final class Sinks {

  private Sinks() {}

  /** Adds every item to {@code target}, in arrival order; the list must tolerate the stage thread. */
  public static <T> Sink<T> collect(List<? super T> target) {
    Objects.requireNonNull(target, "target");
    return target::add;
  }

  /** Prints every item on standard output, one per line. */
  public static <T> Sink<T> console() {
    return print(System.out);
  }

  /** Prints every item on {@code out}, one per line, flushing at end of input. */
  public static <T> Sink<T> print(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return new Sink<>() {
      @Override
      public void consume(T item) {
        out.println(item);
      }

      @Override
      public void flush() {
        out.flush();
      }
    };
  }

  /** Discards every item (each still gets its delivery receipt). */
  public static <T> Sink<T> discard() {
    return item -> {};
  }
}
