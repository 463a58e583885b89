package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowSettings;
import dev.weir.journal.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set}, {@code --secret}, {@code --config} and {@code WEIR_SET_}: precedence, errors, manifest, replay. */
class SettingsOptionTest {

  private static final String SECRET = "hunter2-very-secret";

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {
    String all() {
      return out + "\n" + err;
    }
  }

  private Run run(String... args) {
    return run(SettingsChild.flow(), args);
  }

  private Run run(FlowDefinition flow, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 4];
    System.arraycopy(new String[] {"--journal-dir", dir.resolve("runs").toString(), "--durability", "none"}, 0, all, 0,
        4);
    System.arraycopy(args, 0, all, 4, args.length);
    int code = FlowApplication.execute(flow, "java -jar configured.jar", new PrintWriter(out), new PrintWriter(err),
        all);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run tool(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String replayLine(Run r) {
    Matcher m = Pattern.compile("(?m)^replay: (.+)$").matcher(r.out());
    assertThat(m.find()).as("a replay line in:\n%s", r.all()).isTrue();
    return m.group(1);
  }

  private static Path runDir(Run r) {
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(r.out());
    assertThat(m.find()).as("replay command in:\n%s", r.all()).isTrue();
    return Path.of(m.group(1));
  }

  private Path properties(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** The labels the flow's transform journaled, read with the journal tool. */
  private static List<String> journaled(Path runDir) {
    Run cat = tool("journal", "cat", runDir.toString(), "noted");
    assertThat(cat.code()).as(cat.all()).isZero();
    return cat.out().lines().filter(l -> l.contains("\"kind\":\"DATA\"")).map(l -> l.replaceAll(".*\"payload\":", ""))
        .toList();
  }

  @Test
  void aFreshRun_makesItsFlowWithTheSettings() {
    Run r = run("--set", "items.count=7", "--set=items.label=lbl");

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).containsPattern("items\\s+source\\s+0\\s+7\\s+0");
    assertThat(journaled(runDir(r))).hasSize(7)
        .first().isEqualTo("{\"n\":0,\"label\":\"lbl\",\"secretLength\":0,\"note\":\"-\"}}");
  }

  @Test
  void withoutSettings_theFlowUsesItsDefaults_andTheReplayLineIsUnchanged() {
    Run r = run();

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).containsPattern("items\\s+source\\s+0\\s+5\\s+0");
    assertThat(replayLine(r)).startsWith("java -jar configured.jar --journal-dir ");
  }

  @Test
  void configFilesAndSets_laterOnesWin_inCommandLineOrder() throws Exception {
    Path a = properties("a.properties", "# first\nitems.count = 3\nitems.label=from-a\n");
    Path b = properties("b.properties", "items.count: 6\n");

    Run setThenFiles = run("--set", "items.count=4", "--config", a.toString(), "--config", b.toString());
    assertThat(setThenFiles.out()).as(setThenFiles.all()).containsPattern("items\\s+source\\s+0\\s+6\\s+0");
    assertThat(journaled(runDir(setThenFiles)).get(0)).contains("\"label\":\"from-a\"");

    Run fileThenSet = run("--config", a.toString(), "--set", "items.count=4", "--config", b.toString(),
        "--set", "items.label=last");
    assertThat(fileThenSet.out()).containsPattern("items\\s+source\\s+0\\s+6\\s+0");
    assertThat(journaled(runDir(fileThenSet)).get(0)).contains("\"label\":\"last\"");

    Run setLast = run("--config", a.toString(), "--config", b.toString(), "--set", "items.count=4");
    assertThat(setLast.out()).containsPattern("items\\s+source\\s+0\\s+4\\s+0");
  }

  @Test
  void theEnvironment_isBelowConfigFilesAndSets() throws Exception {
    CommandLineSettings args = new CommandLineSettings();
    args.configFile(properties("c.properties", "b=from-file\nc=from-file\n").toString());
    args.assignment("--set", "c=from-set");
    Map<String, String> env = Map.of("WEIR_SET_A", "from-env", "WEIR_SET_B", "from-env", "WEIR_SET_C", "from-env",
        "WEIR_SET_INPUT_PATH", "/in", "WEIR_SET_MIN__QUANTITY", "3", "WEIR_SECRET_API_KEY", SECRET, "HOME", "/home");

    FlowSettings s = args.resolve(env);

    assertThat(s.keys()).containsExactly("a", "api.key", "b", "c", "input.path", "min-quantity");
    assertThat(s.get("a")).isEqualTo("from-env");
    assertThat(s.get("b")).isEqualTo("from-file");
    assertThat(s.get("c")).isEqualTo("from-set");
    assertThat(s.get("input.path")).isEqualTo("/in");
    assertThat(s.getInt("min-quantity")).isEqualTo(3);
    assertThat(s.isSecret("api.key")).isTrue();
    assertThat(s.get("api.key")).isEqualTo(SECRET);
  }

  @Test
  void environmentNames_mapToKeysAndBack() {
    assertThat(CommandLineSettings.keyOf("INPUT_PATH")).isEqualTo("input.path");
    assertThat(CommandLineSettings.keyOf("ORDERS_MIN__QUANTITY")).isEqualTo("orders.min-quantity");
    for (String key : List.of("input.path", "orders.min-quantity", "a", "x1.y2-z3")) {
      String name = CommandLineSettings.environmentName(key).orElseThrow();
      assertThat(CommandLineSettings.keyOf(name)).as(name).isEqualTo(key);
    }
    assertThat(CommandLineSettings.environmentName("ORDERS_MIN__QUANTITY".toLowerCase())).isEmpty();
    assertThat(CommandLineSettings.environmentName("camelCase")).isEmpty();
    assertThat(CommandLineSettings.environmentName("under_score")).isEmpty();
    for (String bad : List.of("WEIR_SET__X", "WEIR_SET_A___B", "WEIR_SET_A_", "WEIR_SECRET_A.B")) {
      assertThatThrownBy(() -> new CommandLineSettings().resolve(Map.of(bad, "1"))).as(bad)
          .hasMessage("environment variable " + bad + " does not name a setting; after " + bad.substring(0,
              bad.indexOf('_', 5) + 1) + " write letters and digits, '_' for '.' and '__' for '-' ("
              + bad.substring(0, bad.indexOf('_', 5) + 1) + "ORDERS_MIN__QUANTITY is orders.min-quantity)");
    }
    assertThatThrownBy(() -> new CommandLineSettings().resolve(Map.of("WEIR_SET_", "1")))
        .hasMessageStartingWith("environment variable WEIR_SET_ names no setting; after WEIR_SET_ write");
  }

  @Test
  void badSettingArguments_exit2_namingTheArgument() throws Exception {
    Run noEquals = run("--set", "items.count");
    assertThat(noEquals.code()).isEqualTo(2);
    assertThat(noEquals.err()).contains("--set 'items.count': expected KEY=VALUE, for example --set"
        + " orders.min-quantity=5");
    assertThat(noEquals.out()).doesNotContain("COMPLETED");

    Run badKey = run("--set", "a b=1");
    assertThat(badKey.code()).isEqualTo(2);
    assertThat(badKey.err()).contains("--set 'a b=1': 'a b' is not a setting key");

    Run badSecretKey = run("--secret", "a b=" + SECRET);
    assertThat(badSecretKey.code()).isEqualTo(2);
    assertThat(badSecretKey.err()).contains("--secret 'a b=...': 'a b' is not a setting key")
        .doesNotContain(SECRET);

    Run missing = run("--config", dir.resolve("nope.properties").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--config " + dir.resolve("nope.properties") + ": no such file");

    Path bad = properties("bad.properties", "items.count=\\u12G4\n");
    Run malformed = run("--config", bad.toString());
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("--config " + bad + ": not a .properties file: Malformed \\uxxxx encoding.");

    Path badKeyFile = properties("badkey.properties", "good=1\nnot\\ good=2\n");
    Run keyInFile = run("--config", badKeyFile.toString());
    assertThat(keyInFile.code()).isEqualTo(2);
    assertThat(keyInFile.err()).contains("--config " + badKeyFile + ": 'not good' is not a setting key");

    Run directory = run("--config", dir.toString());
    assertThat(directory.code()).isEqualTo(2);
    assertThat(directory.err()).contains("--config " + dir + ": cannot read it: it is a directory");

    Run noValue = run("--set");
    assertThat(noValue.code()).isEqualTo(2);
    assertThat(noValue.err()).contains("Missing required parameter for option '--set' (KEY=VALUE)");
  }

  @Test
  void aMissingRequiredSetting_failsTheRun_namingTheKey() {
    Run r = run(SettingsChild.strictFlow());

    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED").contains("failure: flow 'strict': creating the flow class failed: setting"
        + " 'items.count' is not set; expected a whole number");

    Run malformed = run(SettingsChild.strictFlow(), "--set", "items.count=lots");
    assertThat(malformed.out()).contains("setting 'items.count' = 'lots' is not a whole number");

    Run given = run(SettingsChild.strictFlow(), "--set", "items.count=3");
    assertThat(given.code()).as(given.all()).isZero();
    assertThat(given.out()).containsPattern("items\\s+source\\s+0\\s+3\\s+0");
  }

  @Test
  void theManifest_recordsTheSettings_andOnlyTheKeysOfSecrets() throws Exception {
    Run r = run("--set", "items.count=7", "--secret", "api.key=" + SECRET, "--set", "empty=");

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.all()).doesNotContain(SECRET);
    Path runDir = runDir(r);
    assertThat(journaled(runDir).get(0)).as("the flow read the secret").contains("\"secretLength\":"
        + SECRET.length());

    String text = Files.readString(runDir.resolve(Manifest.FILE));
    assertThat(text).doesNotContain(SECRET);
    JsonNode settings = new ObjectMapper().readTree(text).get("settings");
    assertThat(settings.get("values").get("items.count").asText()).isEqualTo("7");
    assertThat(settings.get("values").get("empty").asText()).isEmpty();
    assertThat(settings.get("values").has("api.key")).isFalse();
    assertThat(settings.get("secrets")).hasSize(1);
    assertThat(settings.get("secrets").get(0).asText()).isEqualTo("api.key");

    Run inspect = tool("journal", "inspect", runDir.toString());
    assertThat(inspect.code()).as(inspect.all()).isZero();
    assertThat(inspect.out()).contains("settings: api.key=<secret> (value not recorded), empty='', items.count=7\n")
        .doesNotContain(SECRET);
  }

  @Test
  void theReplayLine_repeatsTheSettings_andReferencesSecretsWithoutTheirValues() {
    Run r = run("--set", "items.label=two words", "--set", "items.count=7", "--secret", "api.key=" + SECRET,
        "--secret", "Odd_Key=x");

    String replay = replayLine(r);
    assertThat(replay).as("settings in key order").startsWith("java -jar configured.jar"
            + " --secret \"Odd_Key=${SECRET_ODD_KEY:?}\" --secret \"api.key=${WEIR_SECRET_API_KEY:?}\""
            + " --set items.count=7 --set 'items.label=two words' --journal-dir ")
        .endsWith(" --verify").doesNotContain(SECRET);
    assertThat(r.out()).contains("note: the replay command reads the secret settings from the shell, their values are"
        + " not recorded: set SECRET_ODD_KEY (Odd_Key), WEIR_SECRET_API_KEY (api.key) before running it");
  }

  @Test
  void aReplay_withTheSameSettings_isQuiet_andWithOthers_warnsListingTheKeys() {
    Run first = run("--set", "items.count=7", "--set", "items.label=a", "--secret", "api.key=" + SECRET);
    Path runDir = runDir(first);

    Run same = run("--set", "items.count=7", "--secret", "api.key=other", "--set", "items.label=a",
        "--replay-from", runDir.toString(), "--verify");
    assertThat(same.code()).as(same.all()).isZero();
    assertThat(same.out()).contains("replay matched the original run: 0 differences");
    assertThat(same.err()).doesNotContain("warning");

    Run changed = run("--set", "items.count=9", "--set", "extra=1", "--replay-from", runDir.toString(), "--verify");
    assertThat(changed.code()).as("a changed setting is not a failure: %s", changed.all()).isZero();
    assertThat(changed.out()).contains("replay matched the original run: 0 differences");
    assertThat(changed.err()).contains("warning: the settings of this replay differ from those of run " + runDir
            + ", so its output may differ too (4 keys):\n"
            + "  api.key: <secret> in the original run, not set now\n"
            + "  extra: not set in the original run, '1' now\n"
            + "  items.count: '7' in the original run, '9' now\n"
            + "  items.label: 'a' in the original run, not set now\n")
        .doesNotContain(SECRET);
  }

  @Test
  void settingsAConfigureStepGives_areTheOnesTheRunAndItsReplayLineUse() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(SettingsChild.flow(),
        builder -> builder.settings(FlowSettings.empty().with("items.count", "9")), "java -jar configured.jar",
        new PrintWriter(out), new PrintWriter(err), "--journal-dir", dir.toString(), "--durability", "none", "--set",
        "items.count=2");
    Run r = new Run(code, out.toString(), err.toString());

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).containsPattern("items\\s+source\\s+0\\s+9\\s+0");
    assertThat(replayLine(r)).startsWith("java -jar configured.jar --set items.count=9 --journal-dir ");
  }

  @Test
  void help_describesTheSettingOptions_andTheEnvironmentRule() {
    Run r = run("--help");

    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("--set=KEY=VALUE").contains("--secret=KEY=VALUE")
        .contains("--config=FILE").contains("WEIR_SET_INPUT_PATH sets input.path")
        .contains("then --config, --set and --secret in command-line order, a later one winning");
  }
}
