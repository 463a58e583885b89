package dev.weir.processor.extract;

import dev.weir.processor.diag.Location;
import dev.weir.processor.model.JoinHead;
import dev.weir.processor.model.Link;
import dev.weir.processor.model.LinkKind;
import dev.weir.processor.model.Mention;
import dev.weir.processor.model.SyntaxError;
import dev.weir.processor.model.TopologyStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses one topology statement:
 *
 * <pre>
 * statement := head (op name)+
 * head      := name | '(' name ',' name ')' '|&gt;' name
 * op        := '|&gt;' | '&lt;|'
 * </pre>
 *
 * <p>Names are Java identifiers; whitespace is free. Parsing stops at the first error.
 */
final class TopologyParser {

  private enum TokenKind { NAME, FORWARD, BACKFLOW, OPEN, CLOSE, COMMA, OTHER, END }

  private record Token(TokenKind kind, String text, int column) {

    String describe() {
      return kind == TokenKind.END ? "end of statement" : "'" + text + "'";
    }
  }

  /** Signals the first syntax error; carries it out of the recursive descent. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SyntaxError error;

    Stop(SyntaxError error) {
      super(null, null, false, false);
      this.error = error;
    }
  }

  private final List<Token> tokens;
  private int pos;

  private TopologyParser(String text) {
    this.tokens = lex(text);
  }

  /** What one statement parsed to: an error, or its optional join head and its links. */
  record Parsed(Optional<SyntaxError> error, Optional<JoinHead> head, List<Link> links) {

    TopologyStatement toStatement(int index, String text, Location location) {
      return new TopologyStatement(index, text, location, error, head, links);
    }
  }

  /** Parses {@code text}, statement {@code index} of {@code topology}, written at {@code location}. */
  static TopologyStatement parse(int index, String text, Location location) {
    return parse(text).toStatement(index, text, location);
  }

  /** Parses one statement. */
  static Parsed parse(String text) {
    TopologyParser parser = new TopologyParser(text);
    try {
      List<Link> links = new ArrayList<>();
      Optional<JoinHead> head = parser.head();
      Mention previous = head.map(JoinHead::join).orElseGet(() -> parser.name("a stage name or '('"));
      boolean first = head.isEmpty();
      while (parser.peek().kind() != TokenKind.END || first) {
        Token op = parser.peek();
        if (op.kind() != TokenKind.FORWARD && op.kind() != TokenKind.BACKFLOW) {
          String expected = first ? "'|>' or '<|' after '" + previous.name() + "'" : "'|>', '<|' or end of statement";
          throw parser.error(op, expected);
        }
        parser.pos++;
        Mention next = parser.name("a stage name after '" + op.text() + "'");
        links.add(new Link(previous, op.kind() == TokenKind.FORWARD ? LinkKind.FORWARD : LinkKind.BACKFLOW, next));
        previous = next;
        first = false;
      }
      return new Parsed(Optional.empty(), head, List.copyOf(links));
    } catch (Stop stop) {
      return new Parsed(Optional.of(stop.error), Optional.empty(), List.of());
    }
  }

  private Optional<JoinHead> head() {
    if (peek().kind() != TokenKind.OPEN) {
      return Optional.empty();
    }
    pos++;
    Mention reference = name("the join's reference input after '('");
    expect(TokenKind.COMMA, "',' after the reference input '" + reference.name() + "'");
    Mention stream = name("the join's stream input after ','");
    expect(TokenKind.CLOSE, "')' after the stream input '" + stream.name() + "'");
    expect(TokenKind.FORWARD, "'|>' after the join's inputs");
    Mention join = name("the join's name after '|>'");
    return Optional.of(new JoinHead(reference, stream, join));
  }

  private Mention name(String expected) {
    Token t = peek();
    if (t.kind() != TokenKind.NAME) {
      throw error(t, expected);
    }
    pos++;
    return new Mention(t.text(), t.column());
  }

  private void expect(TokenKind kind, String expected) {
    Token t = peek();
    if (t.kind() != kind) {
      throw error(t, expected);
    }
    pos++;
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Stop error(Token at, String expected) {
    return new Stop(new SyntaxError(at.column(), expected, at.describe()));
  }

  private static List<Token> lex(String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      int column = i + 1;
      if (Character.isWhitespace(c)) {
        i += Character.charCount(c);
      } else if (Character.isJavaIdentifierStart(c)) {
        int end = i + Character.charCount(c);
        while (end < text.length() && Character.isJavaIdentifierPart(text.codePointAt(end))) {
          end += Character.charCount(text.codePointAt(end));
        }
        out.add(new Token(TokenKind.NAME, text.substring(i, end), column));
        i = end;
      } else if (text.startsWith("|>", i)) {
        out.add(new Token(TokenKind.FORWARD, "|>", column));
        i += 2;
      } else if (text.startsWith("<|", i)) {
        out.add(new Token(TokenKind.BACKFLOW, "<|", column));
        i += 2;
      } else {
        TokenKind kind = c == '(' ? TokenKind.OPEN : c == ')' ? TokenKind.CLOSE : c == ',' ? TokenKind.COMMA
            : TokenKind.OTHER;
        out.add(new Token(kind, new String(Character.toChars(c)), column));
        i += Character.charCount(c);
      }
    }
    out.add(new Token(TokenKind.END, "", text.length() + 1));
    return out;
  }
}
