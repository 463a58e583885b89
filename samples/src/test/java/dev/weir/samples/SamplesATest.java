package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.event.RawInput;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import dev.weir.samples.piggybank.Account;
import dev.weir.samples.piggybank.Balance;
import dev.weir.samples.piggybank.Movement;
import dev.weir.samples.piggybank.PiggyBankFlow;
import dev.weir.samples.piggybank.Posting;
import dev.weir.samples.piggybank.Transaction;
import dev.weir.samples.supportsla.SlaResult;
import dev.weir.samples.supportsla.SlaTier;
import dev.weir.samples.supportsla.TieredTicket;
import dev.weir.samples.supportsla.SupportSla;
import dev.weir.samples.supportsla.SupportSlaFlow;
import dev.weir.samples.supportsla.Ticket;
import dev.weir.samples.supportsla.TierSummary;
import dev.weir.samples.webanalytics.PageTally;
import dev.weir.samples.webanalytics.PageView;
import dev.weir.samples.webanalytics.WebAnalyticsFlow;
import dev.weir.server.FlowServer;
import dev.weir.test.FlowTestKit;
import dev.weir.test.FlowTestRun;
import dev.weir.test.TestSource;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The piggy-bank, support-sla and web-analytics samples give exactly what their data says. */
class SamplesATest {

  /** A generous bound on waits for a flow or a child JVM; never asserted as a timing. */
  private static final long WAIT_SECONDS = 120;

  @TempDir
  Path tmp;

  // ---------------------------------------------------------------- piggy-bank

  private static final Account ADA = new Account("ada", "Ada Lovelace", 500);
  private static final Account BEN = new Account("ben", "Ben Okafor", 0);

  private static final Transaction POCKET_MONEY = new Transaction("ada", Movement.DEPOSIT, 250, "pocket money");
  private static final Transaction BIRTHDAY = new Transaction("ben", Movement.DEPOSIT, 1000, "birthday");
  private static final Transaction COMIC = new Transaction("ada", Movement.WITHDRAWAL, 600, "comic");
  private static final Transaction BIKE = new Transaction("ben", Movement.WITHDRAWAL, 5000, "bike");
  private static final Transaction STRANGER = new Transaction("zed", Movement.DEPOSIT, 100, null);
  private static final Transaction NEGATIVE = new Transaction("cleo", Movement.DEPOSIT, -5, "oops");
  private static final Transaction FOUND = new Transaction("cleo", Movement.DEPOSIT, 5, "found");
  private static final Transaction SWEETS = new Transaction("dev", Movement.WITHDRAWAL, 75, "sweets");

  private static final List<Transaction> TRANSACTIONS =
      List.of(POCKET_MONEY, BIRTHDAY, COMIC, BIKE, STRANGER, NEGATIVE, FOUND, SWEETS);

  private static final Account EVE = new Account("eve", "Eve Tanaka", 300);
  private static final Account NAMELESS = new Account("nina", " ", 0);
  private static final Account IN_DEBT = new Account("olga", "Olga Berg", -100);
  private static final Transaction FIRST_SAVINGS = new Transaction("eve", Movement.DEPOSIT, 200, "first savings");

  /** The balance after each valid transaction, in order; the three invalid ones change nothing. */
  private static final List<Balance> BALANCES = List.of(
      new Balance("ada", "Ada Lovelace", 1, 0, 750),
      new Balance("ben", "Ben Okafor", 1, 0, 1000),
      new Balance("ada", "Ada Lovelace", 1, 1, 150),
      new Balance("cleo", "Cleo Marsh", 1, 0, 1255),
      new Balance("dev", "Dev Patel", 0, 1, 0));

  private static void assertPiggyBankErrors(List<DeadLetter> valid, List<DeadLetter> posted, List<DeadLetter> balances) {
    assertThat(valid).extracting(DeadLetter::kind, DeadLetter::message, DeadLetter::input).containsExactly(
        tuple(ErrorKind.VALIDATION,
            "deposit for 'cleo': the amount must be positive, got -5 cents", NEGATIVE));
    assertThat(posted).extracting(DeadLetter::kind, DeadLetter::message, DeadLetter::input).containsExactly(
        tuple(ErrorKind.VALIDATION, "no open account 'zed' (deposit of 1.00)", STRANGER));
    assertThat(balances).extracting(DeadLetter::kind, DeadLetter::message, DeadLetter::input).containsExactly(
        tuple(ErrorKind.VALIDATION,
            "withdrawal of 50.00 from 'ben' would overdraw its balance of 10.00", new Posting(BIKE, BEN)));
  }

  @Test
  void piggyBank_aBalanceAfterEveryTransaction_andEachInvalidOneInAnErrorJournalWithItsReason() {
    TestSource<Transaction> transactions = TestSource.create();
    TestSource<Account> openings = TestSource.create();
    List<Balance> shown = new CopyOnWriteArrayList<>();
    try (FlowTestRun run = FlowTestKit.run(PiggyBankFlow.definition()).withSource("transactions", transactions)
        .withSource("openings", openings).replacing("table", Sinks.collect(shown)).start()) {
      run.settle(); // the accounts of the file are in the live join's catalog before the first transaction
      transactions.sendAll(TRANSACTIONS);
      run.settle();
      assertThat(run.outputs("balances", Balance.class)).as("always(): one balance per valid transaction, at once")
          .containsExactlyElementsOf(BALANCES);

      openings.send(EVE, NAMELESS, IN_DEBT); // opened while the flow runs
      run.settle();
      transactions.send(FIRST_SAVINGS);
      transactions.end();
      openings.end();

      run.assertCompleted();
      List<Balance> all = new ArrayList<>(BALANCES);
      all.add(new Balance("eve", "Eve Tanaka", 1, 0, 500));
      assertThat(run.outputs("balances", Balance.class)).as("nothing more at end of input: each balance is emitted once")
          .containsExactlyElementsOf(all);
      assertThat(shown).containsExactlyElementsOf(all);
      run.assertStage("posted").hasEmitted(new Posting(POCKET_MONEY, ADA), new Posting(BIRTHDAY, BEN),
          new Posting(COMIC, ADA), new Posting(BIKE, BEN), new Posting(FOUND, new Account("cleo", "Cleo Marsh", 1250)),
          new Posting(SWEETS, new Account("dev", "Dev Patel", 75)), new Posting(FIRST_SAVINGS, EVE));
      assertPiggyBankErrors(run.deadLetters("valid"), run.deadLetters("posted"), run.deadLetters("balances"));
      run.assertStage("accounts").hasEmitted(List.of(new Account("ada", "Ada Lovelace", 500), BEN,
          new Account("cleo", "Cleo Marsh", 1250), new Account("dev", "Dev Patel", 75), EVE)).hasErrors(2)
          .hasErrorFor(NAMELESS, ErrorKind.VALIDATION, "an account needs an id and an owner")
          .hasErrorFor(IN_DEBT, ErrorKind.VALIDATION, "account 'olga': a piggy bank cannot open with -1.00");
    }
  }

  @Test
  void piggyBank_overItsHttpEndpoint_acceptsABatch_refusesAnInvalidItem_andEndsOnAStopThroughTheApi() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (FlowHandle h = PiggyBankFlow.builder().journals(Journals.memory()).manualStart().start();
        FlowServer server = FlowServer.builder(h).port(0).start()) {
      assertThat(server.ingestEndpoints()).containsExactlyInAnyOrder(
          "POST " + server.uri() + "ingest/transactions/events (one Transaction; no authentication)",
          "POST " + server.uri() + "ingest/transactions/batch (a JSON array of Transaction; no authentication)",
          "POST " + server.uri() + "ingest/accounts/events (one Account; no authentication)",
          "POST " + server.uri() + "ingest/accounts/batch (a JSON array of Account; no authentication)");
      h.start();
      awaitJoinReceived(() -> h.status().stage("posted").orElseThrow().received(), 4);

      HttpResponse<String> refused = post(http, server.uri().resolve("ingest/transactions/events"),
          "{\"account\": \"ada\", \"movement\": \"deposit\", \"amountCents\": 5}");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("property 'movement'").contains("[WITHDRAWAL, DEPOSIT]");

      String batch = new ObjectMapper().writeValueAsString(TRANSACTIONS);
      HttpResponse<String> accepted = post(http, server.uri().resolve("ingest/transactions/batch"), batch);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThat(accepted.body()).isEqualTo("{\"accepted\":8}");

      HttpResponse<String> opened = post(http, server.uri().resolve("ingest/accounts/events"),
          new ObjectMapper().writeValueAsString(EVE));
      assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
      awaitJoinReceived(() -> h.status().stage("posted").orElseThrow().received(), 4 + 7 + 1); // 7: valid refused one
      HttpResponse<String> saved = post(http, server.uri().resolve("ingest/transactions/events"),
          new ObjectMapper().writeValueAsString(FIRST_SAVINGS));
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(202);

      HttpResponse<String> stop = post(http, server.uri().resolve("api/flow/control"), "{\"action\": \"stop\"}");
      assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
      FlowResult result = h.completion().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(result.state()).isEqualTo(FlowState.COMPLETED);
      List<Transaction> posted = new ArrayList<>(TRANSACTIONS);
      posted.add(FIRST_SAVINGS);
      assertThat(h.journals().data("transactions").events()).containsExactlyElementsOf(posted);
      List<Balance> balances = new ArrayList<>(BALANCES);
      balances.add(new Balance("eve", "Eve Tanaka", 1, 0, 500));
      assertThat(h.journals().data("balances").events()).containsExactlyElementsOf(balances);
      assertPiggyBankErrors(h.journals().errors("valid").deadLetters(), h.journals().errors("posted").deadLetters(),
          h.journals().errors("balances").deadLetters());
    }
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits until the join {@code posted} has read {@code atLeast} events (accounts and transactions):
   * the join reads the accounts live, so a transaction that overtook its account's opening would find
   * no account. The runtime offers no event for it: the status is polled, within a generous bound.
   */
  private static void awaitJoinReceived(java.util.function.LongSupplier received, long atLeast) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (received.getAsLong() < atLeast) {
      assertThat(System.nanoTime() - deadline).as("the join read the accounts in time").isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  @Test
  void piggyBank_withoutServer_exits2_sayingHowToRunIt() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), "piggy-bank", "--memory");

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("piggy-bank takes its input over HTTP: run it with --server (and --port 0 for"
        + " any free port), then POST to the ingest URL it prints; Ctrl-C stops it\n");
  }

  @Test
  void theHelpOfPiggyBankAndSupportSla_exits0_andSupportSlaNamesItsSetting() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Samples.execute(new PrintWriter(out), new PrintWriter(err), "piggy-bank", "--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: java -jar samples/target/weir-samples.jar piggy-bank").contains("--server");

    StringWriter sla = new StringWriter();
    assertThat(Samples.execute(new PrintWriter(sla), new PrintWriter(err), "support-sla", "--help")).isZero();
    assertThat(sla.toString()).contains("Settings of support-sla (--set KEY=VALUE, --config FILE or WEIR_SET_<KEY>):\n"
        + "  support-sla.out=PATH     the CSV file to write, replaced at the end of the run (default: support-sla.csv in"
        + " the working directory)\n");
    assertThat(err.toString()).isEmpty();
  }

  /**
   * As a user runs it: {@code --server} in a child JVM, transactions posted to the printed URL, a stop
   * through the API, SIGTERM; then the printed replay command, run by a shell in a new JVM, reports
   * 0 differences.
   */
  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void piggyBank_servedInAChildJvm_fedOverHttp_stopped_replaysInANewJvmWithZeroDifferences() throws Exception {
    Path journals = tmp.resolve("piggy journals");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp",
        childClassPath(), Samples.class.getName(), "piggy-bank", "--server", "--port", "0", "--journal-dir",
        journals.toString(), "--durability", "none").redirectErrorStream(true);
    pb.environment().remove("WEIR_API_TOKEN");
    Process child = pb.start();
    StringBuilder printed = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      Matcher events = readUntil(lines, printed, "ingest: POST (http://127\\.0\\.0\\.1:\\d+/)ingest/transactions/events"
          + " \\(one Transaction; no authentication\\)");
      URI base = URI.create(events.group(1));
      HttpClient http = HttpClient.newHttpClient();
      ObjectMapper json = new ObjectMapper();
      awaitJoinReceived(() -> {
        try {
          JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(base.resolve("api/flow/status")).build(),
              HttpResponse.BodyHandlers.ofString()).body());
          for (JsonNode stage : status.get("stages")) {
            if (stage.get("name").asText().equals("posted")) {
              return stage.get("received").asLong();
            }
          }
          return 0;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }, 4);
      for (Transaction t : TRANSACTIONS) {
        HttpResponse<String> r = post(http, base.resolve("ingest/transactions/events"), json.writeValueAsString(t));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      }
      assertThat(post(http, base.resolve("api/flow/control"), "{\"action\": \"stop\"}").statusCode()).isEqualTo(202);
      readUntil(lines, printed, "the run ended; serving its final state at ");
      Process term = new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).inheritIO().start();
      assertThat(term.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        printed.append(line).append('\n');
      }
    } finally {
      assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the child exited:\n%s", printed).isTrue();
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as(printed.toString()).isEqualTo(3); // completed, with its 3 invalid transactions
    assertThat(printed.toString()).containsPattern("snapshot \\d+: 4 keys\n"
        + "account  owner         deposits  withdrawals  balanceCents\n"
        + "-------  ------------  --------  -----------  ------------\n"
        + "ada      Ada Lovelace         1            1           150\n"
        + "ben      Ben Okafor           1            0          1000\n"
        + "cleo     Cleo Marsh           1            0          1255\n"
        + "dev      Dev Patel            0            1             0\n")
        .contains("completed with 3 errors, in stages valid (1), posted (1) and balances (1)");
    Matcher m = Pattern.compile("(?m)^replay: (.+)$").matcher(printed);
    assertThat(m.find()).as(printed.toString()).isTrue();

    Child replay = runChild(List.of("/bin/sh", "-c", m.group(1)));
    assertThat(replay.out()).as(m.group(1)).contains("replay matched the original run: 0 differences");
    assertThat(replay.code()).as(replay.out()).isEqualTo(3); // the three invalid transactions are made again
  }

  /** Reads the child's lines into {@code printed} until one matches {@code pattern}. */
  private static Matcher readUntil(BufferedReader lines, StringBuilder printed, String pattern) throws Exception {
    Pattern p = Pattern.compile(pattern);
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      printed.append(line).append('\n');
      Matcher m = p.matcher(line);
      if (m.find()) {
        return m;
      }
    }
    throw new AssertionError("the child ended before printing " + pattern + ":\n" + printed);
  }

  // ---------------------------------------------------------------- support-sla

  /** The rows the output CSV must hold, computed here from the two data files without Weir. */
  private static List<String> expectedSlaRows() throws Exception {
    Map<String, String[]> tiers = new HashMap<>();
    List<String> tierLines = Files.readAllLines(Path.of("data", "sla-tiers.csv"));
    for (String line : tierLines.subList(1, tierLines.size())) {
      String[] c = line.split(",");
      tiers.put(c[0], c);
    }
    List<String> rows = new ArrayList<>();
    List<String> ticketLines = Files.readAllLines(Path.of("data", "tickets.csv"));
    for (String line : ticketLines.subList(1, ticketLines.size())) {
      String[] c = line.split(",", -1);
      String[] tier = tiers.get(c[1]);
      Instant opened;
      try {
        opened = Instant.parse(c[3]);
      } catch (java.time.format.DateTimeParseException e) {
        continue; // the malformed row
      }
      if (tier == null) {
        continue; // a customer without a tier
      }
      Instant due = opened.plus(Duration.ofHours(Integer.parseInt(c[2].equals("urgent") ? tier[3] : tier[4])));
      String minutes = "";
      String status = "OPEN";
      if (!c[4].isEmpty()) {
        Instant responded = Instant.parse(c[4]);
        minutes = Long.toString(Duration.between(opened, responded).toMinutes());
        status = responded.isAfter(due) ? "BREACHED" : "MET";
      }
      rows.add(String.join(",", c[0], c[1], tier[2], c[2], c[3], due.toString(), c[4], minutes, status));
    }
    return rows;
  }

  @Test
  void supportSla_writesEveryAssessedTicketToTheCsvFile_andSumsEachTier() throws Exception {
    Path out = tmp.resolve("sla.csv");
    List<TierSummary> summary = new CopyOnWriteArrayList<>();
    FlowTestRun run = FlowTestKit.run(SupportSlaFlow.definition()).setting(SupportSla.OUT, out.toString())
        .replacing("summary", Sinks.collect(summary)).complete();

    run.assertCompleted();
    List<String> written = Files.readAllLines(out);
    assertThat(written.get(0)).isEqualTo("ticket,customer,tier,priority,openedAt,dueAt,respondedAt,responseMinutes,status");
    assertThat(written.subList(1, written.size())).hasSize(34).containsExactlyElementsOf(expectedSlaRows())
        .contains("T-1002,hooli,business,normal,2026-03-02T11:17:00Z,2026-03-03T11:17:00Z,2026-03-03T18:29:00Z,1872,BREACHED",
            "T-1011,initech,standard,normal,2026-03-03T02:05:00Z,2026-03-06T02:05:00Z,,,OPEN",
            "T-1030,acme,enterprise,urgent,2026-03-04T08:59:00Z,2026-03-04T09:59:00Z,2026-03-04T09:11:00Z,12,MET");
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("the temporary file was renamed over sla.csv")
          .containsExactly("sla.csv");
    }
    assertThat(summary).containsExactly(new TierSummary("standard", 8, 2, 5, 1),
        new TierSummary("business", 12, 9, 3, 0), new TierSummary("enterprise", 14, 11, 1, 2));
    assertThat(run.outputs("assess", SlaResult.class)).hasSize(34);

    List<DeadLetter> unreadable = run.deadLetters("tickets");
    assertThat(unreadable).hasSize(1);
    assertThat(unreadable.get(0).kind()).isEqualTo(ErrorKind.DESERIALIZATION);
    assertThat(unreadable.get(0).message())
        .isEqualTo("tickets.csv line 18, column 'openedAt': '2026-03-03 at noon' is not a valid Instant");
    assertThat(unreadable.get(0).input())
        .isEqualTo(new RawInput("T-1017,hooli,normal,2026-03-03 at noon,2026-03-04T18:54:00Z"));
    run.assertStage("withTier").hasErrors(1).hasErrorFor(new Ticket("T-1023", "wayne", "normal",
        Instant.parse("2026-03-03T21:29:00Z"), Instant.parse("2026-03-04T02:17:00Z")), ErrorKind.VALIDATION,
        "ticket T-1023: customer 'wayne' has no SLA tier in sla-tiers.csv");
    run.assertStage("assess").hasNoErrors();
  }

  @Test
  void supportSla_anUnknownPriority_andAResponseBeforeTheOpening_areErrorsOfAssess() throws Exception {
    Instant opened = Instant.parse("2026-03-02T10:00:00Z");
    Ticket fine = new Ticket("T-1", "acme", "urgent", opened, opened.plus(Duration.ofMinutes(61)));
    Ticket whenever = new Ticket("T-2", "acme", "whenever", opened, null);
    Ticket early = new Ticket("T-3", "globex", "normal", opened, opened.minusSeconds(60));
    Path out = tmp.resolve("few.csv");
    FlowTestRun run = FlowTestKit.run(SupportSlaFlow.definition()).setting(SupportSla.OUT, out.toString())
        .withSource("tickets", List.of(fine, whenever, early)).replacing("summary", Sinks.discard()).complete();

    run.assertCompleted();
    assertThat(Files.readAllLines(out)).containsExactly(
        "ticket,customer,tier,priority,openedAt,dueAt,respondedAt,responseMinutes,status",
        "T-1,acme,enterprise,urgent,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,2026-03-02T11:01:00Z,61,BREACHED");
    SlaTier acme = new SlaTier("acme", "Acme Corp", "enterprise", 1, 8);
    SlaTier globex = new SlaTier("globex", "Globex", "business", 4, 24);
    run.assertStage("assess").hasErrors(2)
        .hasErrorFor(new TieredTicket(whenever, acme), ErrorKind.VALIDATION,
            "ticket T-2: priority 'whenever' is neither urgent nor normal")
        .hasErrorFor(new TieredTicket(early, globex), ErrorKind.VALIDATION,
            "ticket T-3: responded at 2026-03-02T09:59:00Z, before it was opened at 2026-03-02T10:00:00Z");
  }

  // ---------------------------------------------------------------- web-analytics

  private static PageTally tally(String view, long views, String first, String last, Object... pageAndCount) {
    TreeMap<String, Long> byPage = new TreeMap<>();
    for (int i = 0; i < pageAndCount.length; i += 2) {
      byPage.put((String) pageAndCount[i], ((Number) pageAndCount[i + 1]).longValue());
    }
    return new PageTally(view, views, first == null ? null : Instant.parse(first),
        last == null ? null : Instant.parse(last), byPage);
  }

  @Test
  void webAnalytics_onTheFile_runningCountsEvery20_oneWindow_andTheTotals() throws Exception {
    // the manual clock never moves here: the one window is the whole input, emitted at its end
    FlowTestRun run = FlowTestKit.run(WebAnalyticsFlow.definition()).withManualClock().start();

    run.assertCompleted();
    PageTally total = tally("total", 61, "2026-03-01T09:00:30Z", "2026-03-01T09:35:02Z",
        "/blog", 7, "/docs", 19, "/home", 19, "/pricing", 11, "/signup", 5);
    assertThat(run.outputs("running", PageTally.class)).extracting(PageTally::views, PageTally::byPage).containsExactly(
        tuple(20L, Map.of("/blog", 3L, "/docs", 8L, "/home", 3L, "/pricing", 5L, "/signup", 1L)),
        tuple(40L, Map.of("/blog", 5L, "/docs", 13L, "/home", 13L, "/pricing", 7L, "/signup", 2L)),
        tuple(60L, Map.of("/blog", 7L, "/docs", 19L, "/home", 19L, "/pricing", 11L, "/signup", 4L)),
        tuple(61L, total.byPage()));
    assertThat(run.outputs("running", PageTally.class).get(3))
        .isEqualTo(new PageTally("running", 61, total.first(), total.last(), total.byPage()));
    assertThat(run.outputs("windows", PageTally.class))
        .containsExactly(new PageTally("window", 61, total.first(), total.last(), total.byPage()));
    assertThat(run.outputs("totals", PageTally.class)).containsExactly(total);

    // the counts agree with the file, counted here without Weir
    Map<String, Long> counted = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(Path.of("data", "page-views.jsonl"))) {
      JsonNode v = json.readTree(line);
      if (v.get("at").asText().startsWith("2026-")) {
        counted.merge(v.get("page").asText(), 1L, Long::sum);
      }
    }
    assertThat(total.byPage()).isEqualTo(counted);

    List<DeadLetter> unreadable = run.deadLetters("views");
    assertThat(unreadable).hasSize(1);
    assertThat(unreadable.get(0).kind()).isEqualTo(ErrorKind.DESERIALIZATION);
    assertThat(unreadable.get(0).message()).startsWith("page-views.jsonl line 38: property 'at': cannot be read as"
        + " PageView: Cannot deserialize value of type `java.time.Instant` from String \"at twenty past nine\"");
    assertThat(unreadable.get(0).input())
        .isEqualTo(new RawInput("{\"at\": \"at twenty past nine\", \"user\": \"u05\", \"page\": \"/docs\"}"));
  }

  @Test
  void webAnalytics_withAManualClock_eachWindowFiresWhenTheClockPassesIt_andStartsAfresh() {
    TestSource<PageView> views = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(WebAnalyticsFlow.definition()).withSource("views", views).withManualClock()
        .start()) {
      views.send(view("09:00:01", "/home"), view("09:00:02", "/docs"), view("09:00:03", "/home"));
      run.advanceClock(Duration.ofSeconds(10)); // the first window closes at 10 s
      assertThat(run.outputs("windows", PageTally.class)).containsExactly(
          tally("window", 3, "2026-03-01T09:00:01Z", "2026-03-01T09:00:03Z", "/docs", 1, "/home", 2));

      views.send(view("09:00:12", "/pricing"), view("09:00:14", "/home"));
      run.advanceClock(Duration.ofSeconds(25)); // fires at 20 s (two views) and at 30 s (none)
      views.send(view("09:00:40", "/signup"));
      views.end();

      run.assertCompleted();
      assertThat(run.outputs("windows", PageTally.class)).containsExactly(
          tally("window", 3, "2026-03-01T09:00:01Z", "2026-03-01T09:00:03Z", "/docs", 1, "/home", 2),
          tally("window", 2, "2026-03-01T09:00:12Z", "2026-03-01T09:00:14Z", "/home", 1, "/pricing", 1),
          tally("window", 0, null, null),
          tally("window", 1, "2026-03-01T09:00:40Z", "2026-03-01T09:00:40Z", "/signup", 1));
      PageTally all = tally("total", 6, "2026-03-01T09:00:01Z", "2026-03-01T09:00:40Z",
          "/docs", 1, "/home", 3, "/pricing", 1, "/signup", 1);
      assertThat(run.outputs("totals", PageTally.class)).as("onEnd(): once, whatever the clock did").containsExactly(all);
      assertThat(run.outputs("running", PageTally.class)).as("fewer than 20 views: only the end of input emits")
          .containsExactly(new PageTally("running", 6, all.first(), all.last(), all.byPage()));
    }
  }

  private static PageView view(String time, String page) {
    return new PageView(Instant.parse("2026-03-01T" + time + "Z"), "u01", page);
  }

  // ---------------------------------------------------------------- the command line

  /**
   * Each file sample, run in a child JVM as a user runs it, prints a replay command that, run as
   * printed by a POSIX shell in a new JVM, reports 0 differences. (Not in {@code
   * SampleReplayInNewJvmTest}'s list: that test expects the replay's exit code to be the run's, and
   * web-analytics' replay exits 0, see below; and support-sla writes its CSV file, here into the
   * test's directory.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"support-sla", "web-analytics"})
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aFileSample_thePrintedReplayCommand_runInANewJvm_reportsZeroDifferences(String sample) throws Exception {
    Path journals = tmp.resolve("journals of " + sample); // a space: the printed command must quote it
    List<String> command = new ArrayList<>(List.of("java", "-cp", childClassPath(), Samples.class.getName(), sample,
        "--journal-dir", journals.toString(), "--durability", "none"));
    if (sample.equals("support-sla")) {
      command.addAll(List.of("--set", SupportSla.OUT + "=" + tmp.resolve("sla.csv")));
    }
    Child first = runChild(command);

    assertThat(first.code()).as(first.out()).isEqualTo(3); // each has one unreadable line, by design
    Matcher m = Pattern.compile("(?m)^replay: (.+)$").matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    assertThat(m.group(1)).endsWith(" --verify");

    Child again = runChild(List.of("/bin/sh", "-c", m.group(1)));

    assertThat(again.out()).as(m.group(1)).contains("replay matched the original run: 0 differences")
        .doesNotContain("replay differs");
    // a replay re-emits what a source archived and does not read its file again, so an unreadable line is not an
    // error of the replay (docs/guide.md, "What a replay does with each stage"): web-analytics' only error is its
    // source's, so its replay exits 0; support-sla's join error is made again: 3
    assertThat(again.code()).as(again.out()).isEqualTo(sample.equals("support-sla") ? 3 : 0);
    if (sample.equals("support-sla")) {
      assertThat(Files.readAllLines(tmp.resolve("sla.csv"))).hasSize(35); // the replay's sink wrote it again
    }
  }

  private record Child(int code, String out) {}

  /** The class path a child JVM gets: this test's, without empty entries. */
  private static String childClassPath() {
    return Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
        .split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
  }

  /** Runs {@code command} with {@code java} resolving to this JVM's; stdout and stderr together. */
  private static Child runChild(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
        + pb.environment().getOrDefault("PATH", ""));
    pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("exited: %s", command).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Child(p.exitValue(), out);
  }
}
