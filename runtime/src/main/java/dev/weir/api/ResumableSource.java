package dev.weir.api;

/**
 * A {@link Source} that can continue an interrupted run where it stopped, instead of being read
 * again from its start. When a run is resumed ({@code FlowBuilder.resumeFrom}, {@code --resume-from}),
 * the runtime takes the events this source emitted before the interruption from its journal and calls
 * {@link #resumeAfter} once, before the first {@link #next}: the source then continues with the first
 * input it had not yet turned into an event or a dead letter.
 *
 * <p>A source that is not resumable is read again from its start on a resume; its first events are
 * compared with its journal and skipped, and one that differs fails the resume, naming the source and
 * the seq.
 *
 * @param <T> the element type
 */
public interface ResumableSource<T> extends Source<T> {

  /**
   * Positions this source right after what the interrupted run already took from it: its journal
   * holds {@code emitted} events and {@code rejected} dead letters (inputs it passed to
   * {@link Emitter#reject}). A source over rows skips {@code emitted + rejected} rows; a source over
   * values skips {@code emitted} values. Called at most once, before the first {@link #next}.
   *
   * @throws IllegalStateException when the input holds fewer items than that: it is not the input the
   *     run was started on (the message should say what was expected and found)
   */
  void resumeAfter(long emitted, long rejected) throws Exception;
}
