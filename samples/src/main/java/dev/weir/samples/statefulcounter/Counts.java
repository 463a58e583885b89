package dev.weir.samples.statefulcounter;

import dev.weir.dsl.EventType;
import java.util.Map;

/**
 * The counts so far: what the counter emits each time its emit policy says so.
 *
 * @param events how many events were counted
 * @param perKind how many of each kind, kinds in alphabetical order
 */
@EventType(name = "event.counts", version = 1)
public record Counts(long events, Map<String, Long> perKind) {}
