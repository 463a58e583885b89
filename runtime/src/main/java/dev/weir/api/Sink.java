package dev.weir.api;

/**
 * The end of a flow: consumes items. The runtime writes one delivery receipt per consumed item,
 * once the sink's {@link #flush()} at the end of the item's batch returned.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface Sink<T> {

  /** Consumes one item; an exception sends it to the stage's error journal. */
  void consume(T item) throws Exception;

  /**
   * Makes what {@link #consume} took so far delivered (written, sent, committed). Called at the end
   * of each batch of {@code consume} calls and once more at end of input; the batch's delivery
   * receipts are journaled only after it returns. An exception here fails the flow, and the batch
   * gets no receipts: its events stay in the upstream journal, unconfirmed.
   */
  default void flush() throws Exception {}

  /**
   * The sink's input ended and everything it consumed was flushed and receipted: what it wrote is
   * whole (a file sink moves its file into place here). Called once, after the last {@link #flush()},
   * when the delivery contract held; not called when the stage fails or the flow is cancelled (see
   * {@link #abort()}). An exception here fails the flow.
   */
  default void complete() throws Exception {}

  /**
   * The sink stops without {@link #complete()}: the flow failed, a contract broke, or the run was
   * cancelled (halted) before the sink's input ended. Called once, on the sink's thread, so that it
   * can discard what it left half-made (a file sink deletes its temporary file). What it already
   * flushed stays delivered. An exception here is recorded with the failure and does not hide it.
   */
  default void abort() throws Exception {}

  /**
   * Whether what this sink delivered is lost when its run is interrupted, so that a resumed run must
   * hand it every input again, those the interrupted run delivered included: true for a sink that
   * builds its output aside and publishes it at the end (a file in {@link FileSinkMode#REPLACE} mode,
   * a snapshot table printed at the end). False (the default) for a sink whose deliveries stay
   * delivered (appended rows, sent messages, committed transactions): a resumed run hands it only
   * the inputs whose receipt the interrupted run did not journal.
   */
  default boolean rebuildsOnResume() {
    return false;
  }
}
