package dev.weir.engine;

import dev.weir.middleware.MiddlewareClock;

/**
 * A run's {@link TimerClock} as one stage's middleware reads it: its waits are announced under the
 * stage's name, and their end only once the stage has published what it did after them.
 */
final class StageClock implements MiddlewareClock {

  private final StageRunner stage;

  StageClock(StageRunner stage) {
    this.stage = stage;
  }

  @Override
  public long nanoTime() {
    return stage.timerClockOrNull().nanoTime();
  }

  @Override
  public void waitingUntil(long deadline) {
    stage.clockWaitBegins(deadline);
  }

  @Override
  public void doneWaiting() {
    stage.clockWaitEnded();
  }
}
