package dev.weir.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link HttpDecoder} made of one response body: the items, in order, and the cursor of the
 * next page when there is one (a pull source then fetches it; a poll source ignores it).
 *
 * @param items the items, never null
 * @param next the next page's cursor: a URL (absolute, or relative to this page's) or, with
 *     {@link HttpSourceOptions#cursorParameter}, the value of that query parameter; empty on the last page
 * @param <T> the element type
 */
public record HttpPage<T>(List<T> items, Optional<String> next) {

  public HttpPage {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    Objects.requireNonNull(next, "next");
    next = next.filter(c -> !c.isBlank());
  }

  /** A last page (or a poll's answer): {@code items} and no next cursor. */
  public static <T> HttpPage<T> of(List<T> items) {
    return new HttpPage<>(items, Optional.empty());
  }

  /** A page followed by the one {@code next} points at (null or blank: none). */
  public static <T> HttpPage<T> of(List<T> items, String next) {
    return new HttpPage<>(items, Optional.ofNullable(next));
  }
}
