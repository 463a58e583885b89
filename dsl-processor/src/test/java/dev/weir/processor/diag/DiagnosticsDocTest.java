package dev.weir.processor.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/diagnostics.md describes exactly the codes of the message catalog ({@link Code}), and every
 * message it quotes is one the processor can print ({@link Message}).
 */
class DiagnosticsDocTest {

  /** The user documentation, relative to this module (Maven runs tests in the module's directory). */
  private static final Path DOC = Path.of("..", "docs", "diagnostics.md");

  /** A code as the doc writes it: WEIR-, then upper-case words joined by '-'. */
  private static final Pattern CODE = Pattern.compile("WEIR-[A-Z]+(?:-[A-Z]+)*");

  private static List<String> lines;

  @BeforeAll
  static void readDoc() throws IOException {
    assertThat(DOC).as("docs/diagnostics.md, read from " + Path.of("").toAbsolutePath()).isRegularFile();
    lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
  }

  private static Set<String> catalog() {
    return Arrays.stream(Code.values()).map(Code::id).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theDocNamesEveryCodeOfTheCatalog_andNoOther() {
    Set<String> named = new TreeSet<>();
    for (String line : lines) {
      Matcher m = CODE.matcher(line);
      while (m.find()) {
        named.add(m.group());
      }
    }
    Set<String> undocumented = new TreeSet<>(catalog());
    undocumented.removeAll(named);
    Set<String> unknown = new TreeSet<>(named);
    unknown.removeAll(catalog());

    assertThat(undocumented).as("codes of the catalog (dev.weir.processor.diag.Code) missing from " + DOC).isEmpty();
    assertThat(unknown).as("codes in " + DOC + " that the catalog (dev.weir.processor.diag.Code) lacks").isEmpty();
  }

  @Test
  void everyCode_hasARowInTheTable_aSection_anExample_andAFix() {
    List<String> problems = new ArrayList<>();
    for (String code : catalog()) {
      if (lines.stream().noneMatch(l -> l.startsWith("| [`" + code + "`](#" + code.toLowerCase() + ")"))) {
        problems.add(code + ": no row in the table of codes");
      }
      int at = lines.indexOf("## " + code);
      if (at < 0) {
        problems.add(code + ": no section '## " + code + "'");
        continue;
      }
      int end = at + 1;
      while (end < lines.size() && !lines.get(end).startsWith("## ")) {
        end++;
      }
      List<String> section = lines.subList(at, end);
      if (section.stream().noneMatch(l -> l.startsWith("[" + code + "] "))) {
        problems.add(code + ": its section quotes no message starting [" + code + "]");
      }
      if (section.stream().noneMatch(l -> l.startsWith("**Fix.**"))) {
        problems.add(code + ": its section has no **Fix.**");
      }
    }
    assertThat(problems).as(DOC.toString()).isEmpty();
  }

  @Test
  void everyQuotedMessage_isOneTheProcessorPrints() {
    List<String> quoted = quotedMessages();
    assertThat(quoted).as("messages quoted in " + DOC).hasSizeGreaterThan(Code.values().length);
    List<String> unknown = new ArrayList<>();
    for (String line : quoted) {
      if (Arrays.stream(Message.values()).noneMatch(m -> pattern(m).matcher(line).matches())) {
        unknown.add(line);
      }
    }
    assertThat(unknown).as("messages in " + DOC + " that no dev.weir.processor.diag.Message prints").isEmpty();
  }

  @Test
  void aMessageTheProcessorDoesNotPrint_isCaught() {
    Pattern unknownStage = pattern(Message.UNKNOWN_STAGE);
    assertThat(unknownStage.matcher(Message.UNKNOWN_STAGE.format(0, "dobled", "Misspelled", "; did you mean 'doubled'?"))
        .matches()).isTrue();
    assertThat(unknownStage.matcher("[WEIR-UNKNOWN-STAGE] topology[0] mentions 'dobled'").matches()).isFalse();
    assertThat(pattern(Message.TOPOLOGY_SYNTAX).matcher(
        "[WEIR-SYNTAX] topology[0], column 22: expected a stage name after '|>', found end of statement").matches())
        .isTrue();
    assertThat(pattern(Message.CONFIG_BUFFER_SIZE).matcher(
        "[WEIR-FLOW-CONFIG] @Flow(bufferSize = many) on BadBufferSize: a ring size is a power of two of at least 2,"
            + " for example 1024").matches()).isFalse();
  }

  /** The lines of the doc that quote a diagnostic: from its code tag to the end of the line. */
  private static List<String> quotedMessages() {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      int tag = line.indexOf("[WEIR-");
      if (tag == 0 || (tag > 0 && line.substring(0, tag).endsWith("error: "))) {
        out.add(line.substring(tag));
      }
    }
    return out;
  }

  /**
   * What {@code message} can print on its first line: its code tag and template, with each
   * {@code %s} standing for any text and each {@code %d} for a number.
   */
  private static Pattern pattern(Message message) {
    String firstLine = message.template().split("\n", -1)[0];
    StringBuilder rx = new StringBuilder(Pattern.quote(message.code().tag() + " "));
    Matcher m = Pattern.compile("%[sd]").matcher(firstLine);
    int from = 0;
    while (m.find()) {
      rx.append(Pattern.quote(firstLine.substring(from, m.start())));
      rx.append(m.group().equals("%d") ? "-?\\d+" : ".*");
      from = m.end();
    }
    rx.append(Pattern.quote(firstLine.substring(from)));
    return Pattern.compile(rx.toString());
  }
}
