package dev.weir.processor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {

  @Test
  void distance_isLevenshtein() {
    assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(ClosestName.distance("", "abc")).isEqualTo(3);
    assertThat(ClosestName.distance("enrich", "enrich")).isZero();
    assertThat(ClosestName.distance("enrihc", "enrich")).isEqualTo(2);
  }

  @Test
  void hint_suggestsTheClosestOrListsAll() {
    List<String> stages = List.of("flights", "validate", "enrich", "report");
    assertThat(ClosestName.hint("enrihc", stages)).isEqualTo("; did you mean 'enrich'?");
    assertThat(ClosestName.hint("flight", stages)).isEqualTo("; did you mean 'flights'?");
    assertThat(ClosestName.hint("zzz", stages)).isEqualTo("; its stages are flights, validate, enrich, report");
    assertThat(ClosestName.hint("x", List.of())).isEqualTo("; it has no stages");
  }
}
