package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.weir.processor.diag.Message.STAGE_NAME_SYNTAX;
import static dev.weir.processor.diag.Message.TOPOLOGY_SYNTAX;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Syntax messages are multi-line: the statement and a caret under the column. javac indents the
 * lines after the first, so the message is matched by its first line and the caret separately.
 */
class SyntaxRuleTest {

  private static String firstLine(String message) {
    return message.substring(0, message.indexOf('\n'));
  }

  @Test
  void danglingArrow_reportsStatementColumnAndExpectation() {
    Compilation c = Expect.onlyError("syntax/DanglingArrow.java",
        firstLine(TOPOLOGY_SYNTAX.format(0, 22, "a stage name after '|>'", "end of statement", "numbers |> doubled |>",
            " ".repeat(21))),
        "\"numbers |> doubled |>\"");
    List<String> lines = Expect.errors(c).get(0).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).strip()).isEqualTo("numbers |> doubled |>");
    // The caret sits one past the end of the statement, where a name was expected.
    assertThat(lines.get(2).indexOf('^')).isEqualTo(lines.get(1).indexOf("numbers") + 21);
  }

  @Test
  void joinHeadWithoutComma_reportsTheMissingComma() {
    Compilation c = Expect.onlyError("syntax/BadJoinHead.java",
        firstLine(TOPOLOGY_SYNTAX.format(0, 10, "',' after the reference input 'numbers'", "'doubled'",
            "(numbers doubled) |> printed", " ".repeat(9))),
        "(numbers doubled)");
    List<String> lines = Expect.errors(c).get(0).lines().toList();
    assertThat(lines.get(2).indexOf('^')).isEqualTo(lines.get(1).indexOf("doubled"));
  }

  @Test
  void arrowInsteadOfPipe_pointsAtTheSecondStatement() {
    Expect.onlyError("syntax/Arrow.java",
        firstLine(TOPOLOGY_SYNTAX.format(1, 9, "'|>' or '<|' after 'doubled'", "'-'", "doubled -> printed",
            " ".repeat(8))),
        "\"doubled -> printed\"");
  }

  @Test
  void nameWithoutOperator_expectsAnOperator() {
    Expect.onlyError("syntax/LonelyName.java",
        firstLine(TOPOLOGY_SYNTAX.format(1, 8, "'|>' or '<|' after 'doubled'", "end of statement", "doubled",
            " ".repeat(7))),
        "\"doubled\"");
  }

  @Test
  void stageNameNotAnIdentifier_pointsAtTheName() {
    JavaFileObject src = Flows.source("syntax/BadStageName.java");
    Compilation c = Flows.compile(src);
    assertThat(c).hadErrorContaining(STAGE_NAME_SYNTAX.format("doubled-twice", "doubled"))
        .inFile(src).onLineContaining("name = \"doubled-twice\"");
    // The topology still says 'doubled', which is now no stage's name.
    assertThat(c).hadErrorContaining("[WEIR-UNKNOWN-STAGE] topology[0] names 'doubled'");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void whitespaceFreeAndTabbedStatements_compile() {
    Expect.compiles("syntax/WhitespaceFree.java", "flows.syntax.WhitespaceFreeFlow");
  }
}
