package dev.weir.processor.model;

import dev.weir.processor.diag.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One string of {@code @Flow.topology}, parsed. A statement that does not parse has a
 * {@link #syntaxError()} and neither head nor links.
 *
 * @param index its index in {@code topology}
 * @param text the string as written
 * @param location the string's annotation value
 * @param syntaxError where it stopped parsing, if it did
 * @param joinHead its {@code (reference, stream) |> join} head, if it starts with one
 * @param links its operators with the names on either side, in order
 */
public record TopologyStatement(
    int index, String text, Location location, Optional<SyntaxError> syntaxError, Optional<JoinHead> joinHead,
    List<Link> links) {

  public TopologyStatement {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(syntaxError, "syntaxError");
    Objects.requireNonNull(joinHead, "joinHead");
    links = List.copyOf(links);
  }

  /** Every stage name the statement mentions, in the order written. */
  public List<Mention> mentions() {
    List<Mention> out = new ArrayList<>();
    joinHead.ifPresent(h -> out.addAll(List.of(h.reference(), h.stream(), h.join())));
    for (Link link : links) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(link.left())) {
        out.add(link.left());
      }
      out.add(link.right());
    }
    return out;
  }
}
