package dev.weir.flow;

/**
 * The payload of a stage's end-of-stream record.
 *
 * @param lastSeq the seq of the last data event written before it (0 when none)
 * @param checksum the running checksum over every data event written, as readers compute it
 */
public record EndOfStream(long lastSeq, long checksum) {}
