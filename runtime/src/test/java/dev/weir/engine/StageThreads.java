package dev.weir.engine;

/** Finds the threads of a running flow's stages, for tests that watch them. */
final class StageThreads {

  private StageThreads() {}

  /** The live thread of stage {@code stage} in flow {@code flow}. */
  static Thread live(String flow, String stage) {
    String name = "weir-" + flow + "-" + stage;
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no live thread " + name));
  }
}
