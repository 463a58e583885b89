package dev.weir.processor.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.processor.model.JoinHead;
import dev.weir.processor.model.Link;
import dev.weir.processor.model.LinkKind;
import dev.weir.processor.model.Mention;
import dev.weir.processor.model.SyntaxError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

class TopologyParserTest {

  private static TopologyParser.Parsed parse(String text) {
    return TopologyParser.parse(text);
  }

  @Test
  void chain_becomesLinksInOrderWithColumns() {
    TopologyParser.Parsed s = parse("a |> bb |> c");
    assertThat(s.error()).isEmpty();
    assertThat(s.links()).containsExactly(
        new Link(new Mention("a", 1), LinkKind.FORWARD, new Mention("bb", 6)),
        new Link(new Mention("bb", 6), LinkKind.FORWARD, new Mention("c", 12)));
  }

  @Test
  void backflow_runsFromRightToLeft() {
    Link link = parse("b <| c").links().get(0);
    assertThat(link.from()).isEqualTo("c");
    assertThat(link.to()).isEqualTo("b");
    assertThat(link.written()).isEqualTo("b <| c");
  }

  @Test
  void mixedOperators_eachLinkTheirNeighbours() {
    assertThat(parse("a |> b <| c").links()).extracting(Link::from, Link::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "b"), org.assertj.core.groups.Tuple.tuple("c", "b"));
  }

  @Test
  void joinHead_mayStandAloneOrContinue() {
    TopologyParser.Parsed alone = parse("(r,s)|>j");
    assertThat(alone.error()).isEmpty();
    assertThat(alone.head()).contains(new JoinHead(new Mention("r", 2), new Mention("s", 4), new Mention("j", 8)));
    assertThat(alone.links()).isEmpty();
    TopologyParser.Parsed continued = parse(" ( r , s ) |> j |> out");
    assertThat(continued.head().map(JoinHead::written)).contains("(r, s) |> j");
    assertThat(continued.links()).extracting(Link::written).containsExactly("j |> out");
  }

  @Test
  void javaIdentifiers_areNames() {
    assertThat(parse("$a_1 |> été |> _x").links()).extracting(Link::written)
        .containsExactly("$a_1 |> été", "été |> _x");
  }

  @Test
  void errors_sayWhereAndWhatWasExpected() {
    assertThat(parse("").error()).contains(new SyntaxError(1, "a stage name or '('", "end of statement"));
    assertThat(parse("a").error()).contains(new SyntaxError(2, "'|>' or '<|' after 'a'", "end of statement"));
    assertThat(parse("a |>").error())
        .contains(new SyntaxError(5, "a stage name after '|>'", "end of statement"));
    assertThat(parse("a |> b c").error())
        .contains(new SyntaxError(8, "'|>', '<|' or end of statement", "'c'"));
    assertThat(parse("a | b").error()).contains(new SyntaxError(3, "'|>' or '<|' after 'a'", "'|'"));
    assertThat(parse("(a, b) <| c").error())
        .contains(new SyntaxError(8, "'|>' after the join's inputs", "'<|'"));
    assertThat(parse("(a, b |> c").error())
        .contains(new SyntaxError(7, "')' after the stream input 'b'", "'|>'"));
    assertThat(parse("1a |> b").error()).contains(new SyntaxError(1, "a stage name or '('", "'1'"));
  }

  @Test
  void statementWithAnError_hasNoLinks() {
    TopologyParser.Parsed s = parse("a |> b |> |> c");
    assertThat(s.error()).isPresent();
    assertThat(s.links()).isEmpty();
    assertThat(s.head()).isEmpty();
  }

  @Property(tries = 2000)
  void anyText_parsesOrReportsAColumnInsideIt(@ForAll("noise") String text) {
    TopologyParser.Parsed s = parse(text);
    s.error().ifPresent(e -> {
      assertThat(e.column()).isBetween(1, text.length() + 1);
      assertThat(s.links()).isEmpty();
    });
  }

  @Property(tries = 500)
  void writtenStatements_parseBackToTheirLinks(@ForAll("statements") Written w) {
    TopologyParser.Parsed s = parse(w.text());
    assertThat(s.error()).isEmpty();
    assertThat(s.head().map(JoinHead::written)).isEqualTo(w.head());
    assertThat(s.links()).extracting(Link::written).isEqualTo(w.links());
  }

  /** A statement and what it should parse to. */
  record Written(String text, Optional<String> head, List<String> links) {}

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.strings().withChars("ab_|><(), \t1é-").ofMaxLength(24);
  }

  @Provide
  Arbitrary<Written> statements() {
    Arbitrary<String> names = Arbitraries.of("a", "b", "enrich", "x1", "$y", "_z");
    Arbitrary<String> spaces = Arbitraries.of("", " ", "  ", "\t");
    Arbitrary<List<String>> chain = names.list().ofMinSize(2).ofMaxSize(6);
    Arbitrary<List<Boolean>> forward = Arbitraries.of(true, false).list().ofSize(6);
    return Combinators.combine(chain, forward, Arbitraries.of(true, false), names, names, spaces)
        .as((ns, fwd, withHead, ref, stream, sp) -> {
          StringBuilder text = new StringBuilder();
          List<String> links = new ArrayList<>();
          Optional<String> head = Optional.empty();
          if (withHead) {
            text.append('(').append(sp).append(ref).append(',').append(sp).append(stream).append(')').append(sp)
                .append("|>").append(sp);
            head = Optional.of("(" + ref + ", " + stream + ") |> " + ns.get(0));
          }
          text.append(ns.get(0));
          for (int i = 1; i < ns.size(); i++) {
            String op = fwd.get(i - 1) ? "|>" : "<|";
            text.append(sp).append(op).append(sp).append(ns.get(i));
            links.add(ns.get(i - 1) + " " + op + " " + ns.get(i));
          }
          return new Written(text.toString(), head, links);
        });
  }
}
