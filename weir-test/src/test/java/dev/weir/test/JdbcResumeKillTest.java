package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.app.Weir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link dev.weir.api.Sinks#jdbc} is exactly once across {@code kill -9} and resume, against a real
 * PostgreSQL server ({@link PostgresServer}). A child JVM ({@link JdbcResumeKillChild}) runs
 * {@code numbers |> slowed |> rows} on disk journals with batch durability, the sink inserting into a
 * table without any unique constraint, in transactions of {@value JdbcResumeKillChild#BATCH}, with its
 * default ledger. The test kills the child with SIGKILL once the table holds a seeded number of rows
 * (it polls the database), then resumes the run in another child JVM and checks, by queries, the
 * run's journals and the child's result, that:
 * <ul>
 *   <li>the table holds each id 1..n exactly once, with its transform's value;
 *   <li>the ledger holds the n keys of the run (stage {@code slowed}, seqs 1..n);
 *   <li>the resumed run completed, counting the whole run, every edge contract passed;
 *   <li>the sink's data journal holds n receipts, for seqs 1..n in order;
 *   <li>the manifest is COMPLETED and records each resume.
 * </ul>
 * A seeded kill lands wherever the sink is: before, inside or after a commit, and between a commit and
 * its receipts. That last window is also forced: the child's data source blocks inside the commit that
 * makes the table reach a seeded count, and the test kills it there. The negative controls run the same
 * kills with {@code atLeastOnce()} (no ledger) and see the rows that window writes twice.
 */
class JdbcResumeKillTest {

  private static final long N = 2_000;

  /** The transform's busy-wait per item: a run takes about a second, so that the kill lands mid-run. */
  private static final long SPIN_MICROS = 300;

  /** Between two counts of the table while waiting for the kill point: the sink commits a batch every few ms. */
  private static final long POLL_MILLIS = 10;

  /** What a run that completed prints: the whole run counted, every edge contract passed. */
  private static final String COMPLETED = "RESULT COMPLETED numbers.emitted=" + N + " rows.received=" + N
      + " rows.receipts=" + N + " errors=0 contracts=numbers->slowed:PASSED,slowed->rows:PASSED";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static PostgresServer server;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void killMinus9_atSixSeededRowCounts_thenResumed_writesEachRowExactlyOnce() throws Exception {
    seeds(1, 6);
  }

  @Test
  @Tag("long")
  void killMinus9_atThirtyMoreSeededRowCounts_thenResumed_writesEachRowExactlyOnce() throws Exception {
    seeds(1000, 30);
  }

  @Test
  void killedAgainWhileResumed_thenResumedOnceMore_writesEachRowExactlyOnce() throws Exception {
    Random random = new Random(42);
    Path root = freshRun("twice");
    long k1 = 1 + random.nextInt((int) (N * 0.4));
    Child first = Child.run(root, "ledger", "-", k1, 0);
    assertKilledMidRun(first, "kill 1 at " + k1 + " rows");
    Path runDir = first.runDir;
    // the second kill lands past the first one's rows: in new deliveries of the resumed run
    long k2 = first.rowsAfterKill + 1 + random.nextInt((int) (N * 0.75 - first.rowsAfterKill));
    Child second = Child.run(root, "ledger", runDir.toString(), k2, 0);
    assertThat(second.runDir).isEqualTo(runDir);
    assertKilledMidRun(second, "kill 2 at " + k2 + " rows");
    assertThat(second.rowsAfterKill).as("the second kill came after the resumed run wrote more rows")
        .isGreaterThanOrEqualTo(k2).isGreaterThan(first.rowsAfterKill);
    assertNoDuplicateYet("after kill 2");
    Child last = Child.run(root, "ledger", runDir.toString(), 0, 0);
    assertExactlyOnce(last, runDir, 2, "killed at " + k1 + " and " + k2 + " rows");
    System.out.println("jdbc resume kill, twice: kill 1 at " + k1 + " (" + first.describe() + "), kill 2 at " + k2
        + " (" + second.describe() + ")");
  }

  /**
   * Kills forced into the window between a commit and its receipts: inside the first commit, two in
   * the middle, and the last one (the table already holds every row, the run has not ended).
   */
  @Test
  void killedInsideTheCommit_beforeItsReceipts_aResumeSkipsTheCommittedRows() throws Exception {
    for (long hangAt : new long[] {1, 733, 1_650, N}) {
      Path root = freshRun("hang-" + hangAt);
      Child first = Child.run(root, "ledger", "-", 0, hangAt);
      assertThat(first.committedLine).as("the child blocked in the commit reaching %d rows: %s", hangAt, first.lines)
          .isNotNull();
      assertKilledMidRun(first, "hang at " + hangAt + " rows");
      long unreceipted = first.rowsAfterKill - first.receiptsAfterKill;
      assertThat(unreceipted).as("hang at %d: committed rows without a journaled receipt (%s)", hangAt, first.describe())
          .isPositive();
      Child last = Child.run(root, "ledger", first.runDir.toString(), 0, 0);
      assertExactlyOnce(last, first.runDir, 1, "hang at " + hangAt);
      System.out.println("jdbc resume kill, inside the commit at " + hangAt + ": " + first.describe());
    }
  }

  /**
   * The forced window twice: the first run is killed inside the commit reaching 733 rows, its resume
   * (which skips those committed rows by their keys) inside the commit reaching 1400, and a second
   * resume completes the run. The ledger holds the keys of both killed runs' commits.
   */
  @Test
  void killedInsideTheCommit_andItsResumeToo_aSecondResumeWritesEachRowExactlyOnce() throws Exception {
    Path root = freshRun("hang-twice");
    Child first = Child.run(root, "ledger", "-", 0, 733);
    assertThat(first.committedLine).as("the first child blocked in a commit: %s", first.lines).isNotNull();
    assertKilledMidRun(first, "hang 1 at 733 rows");
    assertThat(first.rowsAfterKill).as("hang 1: %s", first.describe()).isGreaterThan(first.receiptsAfterKill);
    Child second = Child.run(root, "ledger", first.runDir.toString(), 0, 1_400);
    assertThat(second.committedLine).as("the resumed child blocked in a commit: %s", second.lines).isNotNull();
    assertThat(second.runDir).isEqualTo(first.runDir);
    assertKilledMidRun(second, "hang 2 at 1400 rows");
    assertThat(second.rowsAfterKill).as("hang 2: %s", second.describe()).isGreaterThan(second.receiptsAfterKill)
        .isGreaterThanOrEqualTo(1_400);
    Child last = Child.run(root, "ledger", first.runDir.toString(), 0, 0);
    assertExactlyOnce(last, first.runDir, 2, "hang at 733, then at 1400");
    System.out.println("jdbc resume kill, inside the commit at 733 (" + first.describe() + "), then at 1400 ("
        + second.describe() + ")");
  }

  /**
   * The negative control: the same forced window without the ledger. The rows committed in the flush
   * the child was killed in have no receipts, so the resume delivers them again (told they may be
   * retries), and {@code atLeastOnce()} writes them again: each of those ids is in the table twice,
   * every other id once. This is what {@link #assertExactlyOnce} would catch with the ledger.
   */
  @Test
  void negativeControl_atLeastOnce_killedInsideTheCommit_aResumeWritesTheUnreceiptedRowsTwice() throws Exception {
    long hangAt = 733;
    Path root = freshRun("none-hang");
    Child first = Child.run(root, "none", "-", 0, hangAt);
    assertThat(first.committedLine).as("the child blocked in a commit: %s", first.lines).isNotNull();
    assertKilledMidRun(first, "hang at " + hangAt + " rows");
    long unreceipted = first.rowsAfterKill - first.receiptsAfterKill;
    assertThat(unreceipted).as("committed rows without a journaled receipt (%s)", first.describe()).isPositive();
    Child last = Child.run(root, "none", first.runDir.toString(), 0, 0);
    assertThat(last.result()).as("%s", last.lines).startsWith("RESULT COMPLETED numbers.emitted=" + N + " ");
    assertThat(count("SELECT COUNT(*) FROM " + JdbcResumeKillChild.TABLE)).as("rows: every id, and the unreceipted again")
        .isEqualTo(N + unreceipted);
    assertThat(count("SELECT COUNT(DISTINCT id) FROM " + JdbcResumeKillChild.TABLE)).isEqualTo(N);
    assertThat(count("SELECT COUNT(*) FROM (SELECT id FROM " + JdbcResumeKillChild.TABLE
        + " GROUP BY id HAVING COUNT(*) = 2) twice")).as("ids written twice").isEqualTo(unreceipted);
    assertThat(count("SELECT COUNT(*) FROM (SELECT id FROM " + JdbcResumeKillChild.TABLE
        + " GROUP BY id HAVING COUNT(*) > 2) more")).as("ids written more than twice").isZero();
    // the ids written twice are the ones right after the last receipted seq: the flush the kill cut short
    assertThat(count("SELECT MIN(id) FROM (SELECT id FROM " + JdbcResumeKillChild.TABLE
        + " GROUP BY id HAVING COUNT(*) = 2) twice")).isEqualTo(first.receiptsAfterKill + 1);
    assertThat(count("SELECT MAX(id) FROM (SELECT id FROM " + JdbcResumeKillChild.TABLE
        + " GROUP BY id HAVING COUNT(*) = 2) twice")).isEqualTo(first.rowsAfterKill);
    assertThat(tableExists("weir_deliveries")).as("atLeastOnce keeps no ledger").isFalse();
    System.out.println("jdbc resume kill, negative control: " + first.describe() + "; rows after the resume "
        + (N + unreceipted));
  }

  /**
   * The negative control with a polled kill, as the seeds are killed: without the ledger a resume
   * writes every id at least once, and more than once each id that was committed but not yet
   * receipted when the kill landed (which depends on where it landed, so only {@code >=} holds).
   */
  @Test
  void negativeControl_atLeastOnce_killedAtASeededRowCount_aResumeWritesEachRowAtLeastOnce() throws Exception {
    long k = 977;
    Path root = freshRun("none-polled");
    Child first = Child.run(root, "none", "-", k, 0);
    assertKilledMidRun(first, "kill at " + k + " rows");
    Child last = Child.run(root, "none", first.runDir.toString(), 0, 0);
    assertThat(last.result()).as("%s", last.lines).startsWith("RESULT COMPLETED numbers.emitted=" + N + " ");
    long unreceipted = first.rowsAfterKill - first.receiptsAfterKill;
    assertThat(count("SELECT COUNT(*) FROM " + JdbcResumeKillChild.TABLE)).isGreaterThanOrEqualTo(N)
        .isEqualTo(N + unreceipted);
    assertThat(count("SELECT COUNT(DISTINCT id) FROM " + JdbcResumeKillChild.TABLE)).isEqualTo(N);
    System.out.println("jdbc resume kill, negative control polled at " + k + ": " + first.describe());
  }

  /**
   * Kills and resumes each seed's run. A kill that lands after the run ended (it can, for a k close
   * to n on a loaded machine) still has its table checked; at most a quarter of the seeds may end
   * so. Prints how many kills landed between a commit and its receipts (a timing matter, not asserted).
   */
  private void seeds(int firstSeed, int seeds) throws Exception {
    int notKilled = 0;
    int inTheWindow = 0;
    for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
      Random random = new Random(seed);
      long k = 1 + random.nextInt((int) (N * 0.85)); // leaves the run a few batches to go when the kill lands
      String what = "seed " + seed + ", kill at " + k + " rows";
      Path root = freshRun("seed-" + seed);
      Child first = Child.run(root, "ledger", "-", k, 0);
      if (!first.killed || manifest(first.runDir).path("status").asText().equals("COMPLETED")) {
        if (!first.killed) {
          assertThat(first.result()).as("%s: %s", what, first.lines).isEqualTo(COMPLETED);
        }
        assertRowsLedgerAndJournal(first.runDir, 0, what + " (it completed before the kill landed)");
        notKilled++;
        System.out.println("jdbc resume kill, " + what + ": completed before the kill");
        continue;
      }
      assertKilledMidRun(first, what);
      if (first.rowsAfterKill > first.receiptsAfterKill) {
        inTheWindow++;
      }
      Child last = Child.run(root, "ledger", first.runDir.toString(), 0, 0);
      assertExactlyOnce(last, first.runDir, 1, what);
      System.out.println("jdbc resume kill, " + what + ": " + first.describe());
    }
    System.out.println("jdbc resume kill: " + seeds + " seeds, " + notKilled + " completed before the kill, "
        + inTheWindow + " killed between a commit and its receipts");
    assertThat(notKilled).as("seeds that completed before their kill landed").isLessThanOrEqualTo(seeds / 4);
  }

  /** A journal root of its own, and empty tables: the sink's (no unique constraint) and no ledger. */
  private Path freshRun(String name) throws SQLException {
    try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + JdbcResumeKillChild.TABLE);
      s.execute("DROP TABLE IF EXISTS weir_deliveries");
      s.execute("CREATE TABLE " + JdbcResumeKillChild.TABLE + " (id BIGINT NOT NULL, doubled BIGINT NOT NULL)");
    }
    return tmp.resolve(name);
  }

  /** The kill landed before the run ended, and left no id twice in the table. */
  private static void assertKilledMidRun(Child c, String what) throws Exception {
    assertThat(c.killed).as("%s: killed (%s)", what, c.lines).isTrue();
    assertThat(manifest(c.runDir).path("status").asText()).as("%s: the killed run's status", what).isNotEqualTo("COMPLETED");
    assertThat(c.rowsAfterKill).as("%s: rows when killed (all n only inside the last commit)", what)
        .isLessThanOrEqualTo(N);
    assertThat(c.receiptsAfterKill).as("%s: a receipt is journaled only after its row is committed", what)
        .isLessThanOrEqualTo(c.rowsAfterKill);
    assertNoDuplicateYet(what);
  }

  private static void assertNoDuplicateYet(String what) throws SQLException {
    String table = JdbcResumeKillChild.TABLE;
    assertThat(count("SELECT COUNT(*) FROM " + table)).as("%s: rows are ids 1..rows, once each", what)
        .isEqualTo(count("SELECT COUNT(DISTINCT id) FROM " + table))
        .isEqualTo(count("SELECT COALESCE(MAX(id), 0) FROM " + table));
  }

  /** Everything that exactly once means, by queries, the child's result, the journals and the manifest. */
  private static void assertExactlyOnce(Child last, Path runDir, int resumes, String what) throws Exception {
    assertThat(last.killed).isFalse();
    assertThat(last.runDir).as("%s: the resume keeps the run directory", what).isEqualTo(runDir);
    assertThat(last.result()).as("%s: the resumed run's result (%s)", what, last.lines).isEqualTo(COMPLETED);
    assertRowsLedgerAndJournal(runDir, resumes, what);
  }

  /** The table, the ledger, the sink's receipts and the manifest of a completed run. */
  private static void assertRowsLedgerAndJournal(Path runDir, int resumes, String what) throws Exception {
    String table = JdbcResumeKillChild.TABLE;
    assertThat(count("SELECT COUNT(*) FROM " + table)).as("%s: rows", what).isEqualTo(N);
    assertThat(count("SELECT COUNT(DISTINCT id) FROM " + table)).as("%s: distinct ids", what).isEqualTo(N);
    assertThat(count("SELECT MIN(id) FROM " + table)).as("%s: min id", what).isEqualTo(1);
    assertThat(count("SELECT MAX(id) FROM " + table)).as("%s: max id", what).isEqualTo(N);
    assertThat(count("SELECT SUM(id) FROM " + table)).as("%s: sum of ids", what).isEqualTo(N * (N + 1) / 2);
    assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE doubled <> 2 * id")).as("%s: rows whose value is not"
        + " the transform's", what).isZero();

    JsonNode m = manifest(runDir);
    String run = m.path("runId").asText();
    assertThat(run).as("%s: the run id in %s/manifest.json", what, runDir).isNotBlank();
    assertThat(count("SELECT COUNT(*) FROM weir_deliveries")).as("%s: ledger keys", what).isEqualTo(N);
    assertThat(count("SELECT COUNT(*) FROM weir_deliveries WHERE run = '" + run + "' AND stage = 'slowed'"))
        .as("%s: ledger keys of run %s from stage slowed", what, run).isEqualTo(N);
    assertThat(count("SELECT COUNT(DISTINCT seq) FROM weir_deliveries")).isEqualTo(N);
    assertThat(count("SELECT MIN(seq) FROM weir_deliveries")).isEqualTo(1);
    assertThat(count("SELECT MAX(seq) FROM weir_deliveries")).isEqualTo(N);

    assertThat(receipts(runDir)).as("%s: the receipts in rows' data journal, by seq of slowed", what)
        .hasSize((int) N).isEqualTo(java.util.stream.LongStream.rangeClosed(1, N).boxed().toList());
    assertThat(m.path("status").asText()).as("%s: manifest status", what).isEqualTo("COMPLETED");
    List<String> found = new ArrayList<>();
    m.path("resumes").forEach(r -> found.add(r.path("previousStatus").asText()));
    assertThat(found).as("%s: the status each recorded resume found", what)
        .isEqualTo(java.util.Collections.nCopies(resumes, "CRASHED"));
  }

  /** The run's manifest, as JSON ({@code dev.weir.journal} is not exported to this module). */
  private static JsonNode manifest(Path runDir) throws IOException {
    return JSON.readTree(runDir.resolve("manifest.json").toFile());
  }

  /**
   * The seqs of {@code slowed} that {@code rows}' data journal holds receipts for, in journal order,
   * read with {@code weir journal cat <run> rows} (the journal tool reads the run through {@code
   * RunArchive}, which is not exported to this module); a killed run's torn tail is not read.
   */
  private static List<Long> receipts(Path runDir) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Weir.execute(new PrintWriter(out), new PrintWriter(err), "journal", "cat", runDir.toString(), "rows");
    assertThat(exit).as("weir journal cat %s rows: %s", runDir, err).isZero();
    List<Long> seqs = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode r = JSON.readTree(line);
      if (r.path("kind").asText().equals("RECEIPT")) {
        String parent = r.path("parent").asText();
        assertThat(parent).as("the parent of a receipt of rows in %s", runDir).startsWith("slowed#");
        seqs.add(Long.parseLong(parent.substring("slowed#".length())));
      }
    }
    return seqs;
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getLong(1);
    }
  }

  /**
   * Waits until the killed child's server backends are gone: a COMMIT the child sent just before it
   * died may still be processed by its backend, and the rows counted after the kill must include it.
   */
  private static void awaitNoOtherClient(Child c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a hang guard, not a timing assertion
    while (count("SELECT COUNT(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
        + " AND pid <> pg_backend_pid()") > 0) {
      assertThat(System.nanoTime()).as("the killed child's backends end (%s)", c.lines).isLessThan(deadline);
      Thread.sleep(POLL_MILLIS);
    }
  }

  private static boolean tableExists(String name) throws SQLException {
    try (Connection c = server.dataSource().getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
      return rs.next();
    }
  }

  /** One child JVM's run, killed or not, and what the table and the journals held after it. */
  private static final class Child {
    Path runDir;
    boolean killed;
    String committedLine;
    long rowsAtPoll = -1;
    long rowsAfterKill = -1;
    long receiptsAfterKill = -1;
    final List<String> lines = new ArrayList<>();

    String result() {
      return lines.stream().filter(l -> l.startsWith("RESULT") || l.startsWith("FAILED")).findFirst().orElse("none");
    }

    String describe() {
      return "rows seen " + rowsAtPoll + ", rows after the kill " + rowsAfterKill + ", receipts journaled "
          + receiptsAfterKill;
    }

    /**
     * Runs a child JVM: killed once the table holds {@code killAtRows} rows (0: never), or once it
     * says it blocked in a commit at {@code hangAt} rows (0: it does not block); else to its end.
     */
    static Child run(Path root, String idempotency, String resume, long killAtRows, long hangAt) throws Exception {
      Child c = new Child();
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
          JdbcResumeKillChild.class.getName(), server.url(), server.user(), root.toString(), Long.toString(N),
          idempotency, Long.toString(SPIN_MICROS), Long.toString(hangAt), resume)
          .redirectErrorStream(true)
          .start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the child is gone
        }
        lines.add("EOF");
      }, "jdbc-resume-child-output");
      reader.setDaemon(true);
      reader.start();
      try (Connection poll = server.dataSource().getConnection();
          var count = poll.prepareStatement("SELECT COUNT(*) FROM " + JdbcResumeKillChild.TABLE)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // a hang guard, not a timing assertion
        for (;;) {
          assertThat(System.nanoTime()).as("the child ends within 90 s; its output so far: %s", c.lines)
              .isLessThan(deadline);
          String line = lines.poll(killAtRows > 0 && c.runDir != null ? POLL_MILLIS : 1_000, TimeUnit.MILLISECONDS);
          if (line != null) {
            if (line.equals("EOF")) {
              break;
            }
            c.lines.add(line);
            if (line.startsWith("RUNNING ")) {
              c.runDir = Path.of(line.substring("RUNNING ".length()));
            } else if (line.startsWith("COMMITTED ")) {
              c.committedLine = line;
              c.rowsAtPoll = Long.parseLong(line.substring("COMMITTED ".length()));
              child.destroyForcibly(); // SIGKILL while the sink's flush is inside the commit
              c.killed = true;
              break;
            }
          }
          if (killAtRows > 0 && c.runDir != null) {
            try (ResultSet rs = count.executeQuery()) {
              rs.next();
              long rows = rs.getLong(1);
              if (rows >= killAtRows) {
                c.rowsAtPoll = rows;
                child.destroyForcibly(); // SIGKILL once the table holds the seeded rows
                c.killed = true;
                break;
              }
            }
          }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exits").isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(c.runDir).as("the child printed its run dir: %s", c.lines).isNotNull();
      if (c.killed) {
        awaitNoOtherClient(c);
        c.rowsAfterKill = count("SELECT COUNT(*) FROM " + JdbcResumeKillChild.TABLE);
        c.receiptsAfterKill = receipts(c.runDir).size();
      }
      return c;
    }
  }
}
