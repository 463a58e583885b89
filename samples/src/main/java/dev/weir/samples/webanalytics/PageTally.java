package dev.weir.samples.webanalytics;

import dev.weir.dsl.EventType;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Page views grouped by page: what one of the three stages emits each time its policy fires.
 *
 * @param view which stage it comes from: {@code running}, {@code window} or {@code total}
 * @param views how many views it counts
 * @param first the time of the earliest view it counts, null when it counts none
 * @param last the time of the latest view it counts, null when it counts none
 * @param byPage views per page, pages in alphabetical order
 */
@EventType(name = "analytics.page-tally", version = 1)
public record PageTally(String view, long views, Instant first, Instant last, SortedMap<String, Long> byPage) {

  /** Nothing counted yet. */
  static PageTally empty(String view) {
    return new PageTally(view, 0, null, null, new TreeMap<>());
  }

  /** This tally with {@code v} counted; this one is left as it is. */
  PageTally add(PageView v) {
    TreeMap<String, Long> pages = new TreeMap<>(byPage);
    pages.merge(v.page(), 1L, Long::sum);
    Instant earliest = first == null || v.at().isBefore(first) ? v.at() : first;
    Instant latest = last == null || v.at().isAfter(last) ? v.at() : last;
    return new PageTally(view, views + 1, earliest, latest, pages);
  }
}
