package dev.weir.event;

/**
 * The payload of an order-journal record: a stage with several inputs consumed the next
 * {@code count} records (data and end of stream) of input {@code input} (its index among the
 * stage's inputs, in definition order); or, with {@code input} {@link #TIMER}, a stateful stage's
 * timer fired at this point of its input.
 *
 * @param input the input's index, or {@link #TIMER}
 * @param count how many records (0 for a timer)
 */
public record Consumed(int input, int count) {

  /** The {@code input} of a timer firing. */
  public static final int TIMER = -1;

  private static final Consumed TIMER_FIRED = new Consumed(TIMER, 0);

  /** The record of a timer firing. */
  public static Consumed timerFired() {
    return TIMER_FIRED;
  }

  /** Whether this records a timer firing rather than consumed input. */
  public boolean isTimer() {
    return input == TIMER;
  }
}
