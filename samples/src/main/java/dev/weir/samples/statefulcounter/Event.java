package dev.weir.samples.statefulcounter;

import dev.weir.dsl.EventType;

/**
 * One row of {@code events.csv}: something a user did on a web shop.
 *
 * @param eventId the event's number
 * @param user who did it
 * @param kind what it was: {@code view}, {@code click}, {@code signup}, {@code purchase}
 */
@EventType(name = "site.event", version = 1)
public record Event(long eventId, String user, String kind) {}
