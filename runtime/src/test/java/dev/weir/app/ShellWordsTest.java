package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Words for the printed replay command: plain ones as they are, others quoted so a shell reads them back. */
class ShellWordsTest {

  @Test
  void plainWords_stayAsTheyAre() {
    assertThat(ShellWords.quote("/tmp/runs/orders/20261202T010710Z-17706-1")).isEqualTo(
        "/tmp/runs/orders/20261202T010710Z-17706-1");
    assertThat(ShellWords.quote("a.jar:b/c.jar:-x=1,2@3%+")).isEqualTo("a.jar:b/c.jar:-x=1,2@3%+");
  }

  @Test
  void otherWords_areSingleQuoted() {
    assertThat(ShellWords.quote("runs dir")).isEqualTo("'runs dir'");
    assertThat(ShellWords.quote("")).isEqualTo("''");
    assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellWords.quote("$HOME")).isEqualTo("'$HOME'");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aShell_readsTheQuotedWordsBack() throws Exception {
    String[] words = {"runs dir", "it's", "$HOME", "a;b", "*", "tab\there", "back\\slash", "\"q\""};
    StringBuilder script = new StringBuilder("printf '%s\\n'");
    for (String w : words) {
      script.append(' ').append(ShellWords.quote(w));
    }
    Process sh = new ProcessBuilder("/bin/sh", "-c", script.toString()).redirectErrorStream(true).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo(String.join("\n", words) + "\n");
  }
}
