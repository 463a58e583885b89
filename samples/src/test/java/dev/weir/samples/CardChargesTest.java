package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.DeadLetter;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import dev.weir.samples.cardcharges.CardChargesDemo;
import dev.weir.samples.cardcharges.CardChargesFlow;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card-charges sample as the user runs it: the flow in a child JVM killed with SIGKILL mid-run,
 * resumed in a second child JVM; then each valid payment is charged once, has one receipt, and the
 * invalid ones are the dead letters; a replay of the completed run calls the bank not once.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CardChargesTest {

  private static final int PAYMENTS = 2_000;

  @TempDir
  Path tmp;

  private static boolean invalid(long id) {
    return id % 97 == 13; // the sample's rule, restated
  }

  private CardChargesDemo.Setup setup() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String classPath = Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isBlank())
        .collect(Collectors.joining(File.pathSeparator));
    return new CardChargesDemo.Setup(tmp.resolve("runs"), tmp.resolve("demo"), classPath,
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"), "java -jar samples/target/weir-samples.jar");
  }

  private record Demo(CardChargesDemo.Outcome outcome, String printed) {}

  private Demo demo(CardChargesDemo.Setup setup) throws Exception {
    StringWriter out = new StringWriter();
    CardChargesDemo.Outcome o = CardChargesDemo.run(setup, new PrintWriter(out, true));
    return new Demo(o, out.toString());
  }

  private static List<String> ledger(Path demoDir) throws Exception {
    return Files.readAllLines(demoDir.resolve("bank").resolve("ledger.csv"), StandardCharsets.UTF_8);
  }

  @Test
  void killedMidRun_resumed_chargesEachValidPaymentOnce_andWritesOneReceiptEach() throws Exception {
    CardChargesDemo.Setup setup = setup();
    Demo d = demo(setup);
    CardChargesDemo.Outcome o = d.outcome();
    TreeSet<Long> valid = LongStream.range(0, PAYMENTS).filter(i -> !invalid(i)).boxed()
        .collect(Collectors.toCollection(TreeSet::new));

    // killed mid-run: the manifest records one resume of a crashed run, and the run then completed
    Manifest m = Manifest.read(o.runDir());
    assertThat(m.resumes()).as(d.printed()).hasSize(1);
    assertThat(m.resumes().get(0).previousStatus()).isEqualTo("CRASHED");
    assertThat(m.status()).isEqualTo("COMPLETED");
    assertThat(o.killedAfter()).as(d.printed()).isGreaterThanOrEqualTo(PAYMENTS / 3).isLessThan(valid.size());
    assertThat(o.resumedExit()).as(o.resumedOutput()).isEqualTo(3); // completed, with the invalid payments' errors
    assertThat(o.resumedOutput()).contains("run " + o.runDir().getFileName() + ": COMPLETED");

    // the ledger, parsed: one charge line per valid payment id, no other charges
    Map<Long, Integer> charges = new HashMap<>();
    long replays = 0;
    for (String line : ledger(setup.demoDir())) {
      String[] f = line.split(",");
      if (f[0].equals("charge")) {
        charges.merge(Long.parseLong(f[1]), 1, Integer::sum);
      } else {
        assertThat(f[0]).as(line).isEqualTo("replay");
        replays++;
      }
    }
    assertThat(new TreeSet<>(charges.keySet())).isEqualTo(valid);
    assertThat(charges.values()).allMatch(n -> n == 1);
    assertThat(o.charged()).isEqualTo(valid.size());
    assertThat(o.chargedTwice()).isZero();
    assertThat(o.replayed()).isEqualTo(replays);

    // the receipts: exactly one line per valid payment
    List<String> receipts = Files.readAllLines(setup.demoDir().resolve("receipts.csv"), StandardCharsets.UTF_8);
    List<Long> paid = receipts.stream().map(l -> Long.parseLong(l.split(",")[1])).sorted().toList();
    assertThat(paid).containsExactlyElementsOf(valid);
    assertThat(o.receipts()).isEqualTo(valid.size());
    assertThat(o.duplicateReceipts()).isZero();

    // the dead letters, across both JVMs: exactly the invalid payments
    try (RunArchive archive = RunArchive.open(o.runDir(), CardChargesFlow.definition(), null)) {
      List<DeadLetter> letters = archive.errors("charge").deadLetters();
      List<Long> ids = letters.stream().map(l -> ((dev.weir.samples.cardcharges.Payment) l.input()).id()).sorted()
          .toList();
      assertThat(ids).containsExactlyElementsOf(LongStream.range(0, PAYMENTS).filter(CardChargesTest::invalid)
          .boxed().toList());
      assertThat(letters).allMatch(l -> l.kind() == dev.weir.api.ErrorKind.VALIDATION);
    }

    assertThat(d.printed()).contains("killed it (SIGKILL) after the bank had charged " + o.killedAfter() + " of "
        + valid.size() + " valid payments")
        .contains("bank: charged " + valid.size() + " payments once each: 0 charged twice; " + replays)
        .contains("receipts: " + valid.size() + " lines, 0 duplicates");
  }

  @Test
  void aReplayOfTheCompletedRun_callsTheBankNotOnce_andMatches() throws Exception {
    CardChargesDemo.Setup setup = setup();
    CardChargesDemo.Outcome o = demo(setup).outcome();
    List<String> ledgerBefore = ledger(setup.demoDir());
    List<String> receiptsBefore = Files.readAllLines(setup.demoDir().resolve("receipts.csv"));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), "card-charges", "--journal-dir",
        setup.journalDir().toString(), "--set", "card-charges.bank-dir=" + setup.demoDir().resolve("bank"), "--set",
        "card-charges.receipts=" + setup.demoDir().resolve("receipts.csv"), "--replay-from", o.runDir().toString(),
        "--verify");

    assertThat(out.toString()).as(err.toString()).contains("replay matched the original run: 0 differences");
    assertThat(code).as(out + "\n" + err).isEqualTo(3);
    // every bank request appends a ledger line (a charge or an idempotent replay): none was made
    assertThat(ledger(setup.demoDir())).isEqualTo(ledgerBefore);
    assertThat(Files.readAllLines(setup.demoDir().resolve("receipts.csv"))).isEqualTo(receiptsBefore);
  }
}
