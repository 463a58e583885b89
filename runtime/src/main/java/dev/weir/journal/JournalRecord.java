package dev.weir.journal;

import dev.weir.event.EventRef;
import dev.weir.event.RecordKind;

/**
 * One record read back from a journal.
 *
 * @param seq the writer sequence
 * @param kind what the record is
 * @param parent the event it was derived from ({@link EventRef#NONE} for what a source emits)
 * @param joined for a join's output, the reference event it was joined with; else {@link EventRef#NONE}
 * @param correlationId the id of the source event it descends from
 * @param depth passes around a cycle
 * @param timestamp epoch milliseconds when its batch was written
 * @param payload the event, or a {@code DeadLetter}, {@code EndOfStream} or {@code SystemEvent}
 */
public record JournalRecord(
    long seq, RecordKind kind, EventRef parent, EventRef joined, long correlationId, int depth, long timestamp, Object payload) {}
