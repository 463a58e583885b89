package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --server} in a child JVM, as an operator uses it: build and serve with {@code --startup
 * manual}, start through the API, read the final counts from {@code /metrics}, then SIGTERM ends the
 * process (the run had ended: nothing is left to stop).
 */
class ServerModeTest {

  /** Generous bounds on waits for the child; never asserted as timings. */
  private static final long WAIT_SECONDS = 60;

  @TempDir
  Path tmp;

  private Process child;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  private Path out;
  private Path err;

  private void start(Map<String, String> env, String... options) throws IOException {
    start(ServerChild.class, env, options);
  }

  private void start(Class<?> main, Map<String, String> env, String... options) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, main.getName()));
    command.addAll(List.of(options));
    out = tmp.resolve("child.out");
    err = tmp.resolve("child.err");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove(RunCommand.API_TOKEN_ENV);
    pb.environment().putAll(env);
    child = pb.start();
  }

  private String all() throws IOException {
    return "stdout:\n" + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n"
        + Files.readString(err, StandardCharsets.UTF_8);
  }

  /** Polls the child's stdout until {@code pattern} matches; returns the match. */
  private Matcher awaitOutput(String pattern) throws Exception {
    Pattern p = Pattern.compile(pattern);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    for (;;) {
      Matcher m = p.matcher(Files.readString(out, StandardCharsets.UTF_8));
      if (m.find()) {
        return m;
      }
      assertThat(child.isAlive()).as("child ended before printing %s:\n%s", pattern, all()).isTrue();
      assertThat(System.nanoTime()).as("child did not print %s:\n%s", pattern, all()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private HttpResponse<String> get(URI base, String path, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path));
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aManualRun_isStartedThroughTheApi_servesItsFinalState_andEndsOnSigterm() throws Exception {
    start(Map.of(RunCommand.API_TOKEN_ENV, "tok"), "--memory", "--server", "--port", "0", "--startup", "manual");
    Matcher serving = awaitOutput("serving (http://127\\.0\\.0\\.1:\\d+/) \\(the page; the API under /api, metrics at"
        + " /metrics\\); waiting for a start");
    URI base = URI.create(serving.group(1));
    String[] auth = {"Authorization", "Bearer tok"};
    assertThat(get(base, "/api/flow/status").statusCode()).as("WEIR_API_TOKEN is required").isEqualTo(401);
    assertThat(get(base, "/ready", auth).statusCode()).isEqualTo(503);

    HttpResponse<String> started = http.send(HttpRequest.newBuilder(base.resolve("/api/flow/control"))
        .header("Authorization", "Bearer tok").POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"start\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

    awaitOutput("the run ended; serving its final state at " + Pattern.quote(base.toString())
        + " until SIGINT or SIGTERM");
    String metrics = get(base, "/metrics", auth).body();
    assertThat(metrics).contains("weir_stage_events_emitted_total{flow=\"served\",kind=\"transform\",stage=\"validate\"}"
        + " 900.0").contains("weir_stage_errors_total{flow=\"served\",kind=\"VALIDATION\",stage=\"validate\"} 100.0")
        .contains("weir_flow_state{flow=\"served\",state=\"COMPLETED\"} 1.0");
    assertThat(get(base, "/api/flow/status", auth).body()).contains("\"state\":\"COMPLETED\"");
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("flow served run").contains("COMPLETED");

    Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).inheritIO().start();
    assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the child exited on SIGTERM:\n%s", all()).isTrue();
    assertThat(child.exitValue()).as(all()).isEqualTo(3); // completed, with the 100 dead letters
  }

  @Test
  void theStartupLines_printEachIngestionEndpointsUrlAndAuth_notTheSecret() throws Exception {
    start(IngestServerChild.class, Map.of(), "--memory", "--server", "--port", "0");
    Matcher hooks = awaitOutput("ingest: POST (http://127\\.0\\.0\\.1:\\d+/)ingest/hooks/batch \\(a JSON array of Order;"
        + " HMAC-SHA256 signed: X-Weir-Timestamp and X-Weir-Signature, replay window 300 s\\)");
    URI base = URI.create(hooks.group(1));
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(printed).contains("serving " + base + " (the page")
        .contains("ingest: POST " + base + "ingest/orders/events (one Order; Authorization: Bearer <token>)\n")
        .contains("ingest: POST " + base + "ingest/orders/batch (a JSON array of Order; Authorization: Bearer <token>)\n")
        .contains("ingest: POST " + base + "ingest/hooks/events (one Order; HMAC-SHA256 signed")
        .doesNotContain("t0ken").doesNotContain("s3cret");

    HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve("ingest/orders/events"))
        .header("Authorization", "Bearer t0ken").POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"a\",\"qty\":1}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

    Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).inheritIO().start();
    assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the child exited on SIGTERM:\n%s", all()).isTrue();
  }

  @Test
  void serverOptions_areCheckedBeforeAnythingRuns() throws Exception {
    start(Map.of(), "--memory", "--server", "--port", "0", "--bind", "0.0.0.0");
    assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(all()).isEqualTo(2);
    assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("--server: binding 0.0.0.0 opens the API beyond"
        + " this machine: set an API token (--api-token or WEIR_API_TOKEN), or bind 127.0.0.1");

    start(Map.of(), "--memory", "--startup", "manual");
    assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err, StandardCharsets.UTF_8))
        .contains("--startup manual waits for a start through the API: give --server too");
  }
}
