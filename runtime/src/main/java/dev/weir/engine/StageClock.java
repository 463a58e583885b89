package dev.weir.engine;

import dev.weir.middleware.MiddlewareClock;

/** A run's {@link TimerClock} as one stage's middleware reads it: its waits are announced under the stage's name. */
final class StageClock implements MiddlewareClock {

  private final TimerClock clock;
  private final String stage;

  StageClock(TimerClock clock, String stage) {
    this.clock = clock;
    this.stage = stage;
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public void waitingUntil(long deadline) {
    clock.waitingUntil(stage, deadline);
  }

  @Override
  public void doneWaiting() {
    clock.doneWaiting(stage);
  }
}
