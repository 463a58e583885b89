package dev.weir.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline for engine tests: sleeps between polls, never spins. */
final class Waits {

  private Waits() {}

  static void until(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after 20 s waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** The live thread of stage {@code stage} in flow {@code flow}. */
  static Thread stageThread(String flow, String stage) {
    String name = "weir-" + flow + "-" + stage;
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no live thread " + name));
  }
}
