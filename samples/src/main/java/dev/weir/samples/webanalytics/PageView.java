package dev.weir.samples.webanalytics;

import dev.weir.dsl.EventType;
import java.time.Instant;

/**
 * One line of {@code page-views.jsonl}: {@code {"at": "2026-03-01T09:00:30Z", "user": "u08", "page": "/blog"}}.
 *
 * @param at when the page was viewed
 * @param user who viewed it
 * @param page the page's path
 */
@EventType(name = "analytics.page-view", version = 1)
public record PageView(Instant at, String user, String page) {}
