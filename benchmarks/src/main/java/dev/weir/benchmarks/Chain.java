package dev.weir.benchmarks;

/**
 * One implementation of the depth-D map pipeline: source → D stages of {@code x -> x + 1} → sink.
 * {@link #start} builds and starts a run whose sink reports to a {@link Tally}.
 */
interface Chain {

  /** Short name printed in the tables, for example {@code raw-rings/yielding}. */
  String name();

  /**
   * Builds the pipeline and starts it. With {@code idle} the source emits nothing and never ends
   * (it waits on an empty queue), so the run only ends at {@link Run#close()}.
   */
  Run start(int depth, Tally tally, boolean idle) throws Exception;

  /** A started run. */
  interface Run extends AutoCloseable {

    /**
     * Called after the sink received every expected event: checks what the implementation itself
     * knows about the run (for Weir: the flow's final state and stage figures), waiting at most
     * {@code timeoutMillis}. Throws if the run did not end well.
     */
    default void finish(long timeoutMillis) throws Exception {}

    /** Stops every thread of the run and waits for them (bounded); safe to call more than once. */
    @Override
    void close() throws Exception;
  }
}
