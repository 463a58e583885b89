package dev.weir.samples.cardcharges;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code card-charges} does without options: runs {@link CardCharges} in a child JVM, kills it
 * with SIGKILL ({@link Process#destroyForcibly()}) once the bank has charged about a third of the
 * payments, resumes the run in a second child JVM with {@code --resume-from}, and prints what the
 * bank's ledger and the receipts file hold: every figure is read from those files. The bank and the
 * receipts of each demo go to a directory of their own, so that one demo's figures are its own.
 */
public final class CardChargesDemo {

  /** The sample's name on the command line. */
  public static final String SAMPLE = "card-charges";

  /** The bank prints a progress line after every this many charges in the demo's children. */
  static final int PROGRESS_EVERY = 50;

  /** A generous bound on one child JVM; never asserted as a timing. */
  static final long CHILD_SECONDS = 300;

  private static final Pattern PROGRESS = Pattern.compile("^bank: (\\d+) charges$");

  private CardChargesDemo() {}

  /**
   * The demo's directories and how it starts its children.
   *
   * @param journalDir where the run's journals go ({@code --journal-dir})
   * @param demoDir where the bank's ledger ({@code bank/}) and the receipts file go
   * @param classPath the children's class path: this JVM's
   * @param jvmOptions options for the children's JVMs (none by default)
   * @param launcher how the user starts the samples, for the printed commands
   */
  public record Setup(Path journalDir, Path demoDir, String classPath, List<String> jvmOptions, String launcher) {

    /** The defaults: journals under {@code weir-runs}, the demo under {@code weir-runs/card-charges-demo/<time>}. */
    public static Setup defaults(String launcher) {
      String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC));
      return new Setup(Path.of("weir-runs"), Path.of("weir-runs", "card-charges-demo", stamp),
          System.getProperty("java.class.path"), List.of(), launcher);
    }

    Path bankDir() {
      return demoDir.resolve("bank");
    }

    Path receipts() {
      return demoDir.resolve("receipts.csv");
    }
  }

  /**
   * What a demo found.
   *
   * @param runDir the run's directory
   * @param killedAfter how many charges the ledger held when the first child had been killed
   * @param resumedExit the resumed child's exit code
   * @param resumedOutput what the resumed child printed
   * @param charged distinct payments charged
   * @param chargedTwice payments with more than one charge line
   * @param replayed requests answered from the idempotency key
   * @param receipts receipt lines
   * @param duplicateReceipts receipt lines for a payment that already had one
   */
  public record Outcome(Path runDir, long killedAfter, int resumedExit, String resumedOutput, long charged,
      long chargedTwice, long replayed, long receipts, long duplicateReceipts) {}

  /** Runs the demo with the defaults; returns the exit code (the resumed run's, 1 if a figure is wrong). */
  public static int run(String launcher, PrintWriter out, PrintWriter err) {
    try {
      Outcome o = run(Setup.defaults(launcher), out);
      return o.chargedTwice() == 0 && o.duplicateReceipts() == 0 ? o.resumedExit() : 1;
    } catch (IOException | IllegalStateException e) {
      err.println(SAMPLE + ": " + e.getMessage());
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(SAMPLE + ": interrupted");
      err.flush();
      return 1;
    }
  }

  /**
   * Runs the demo: the first child killed mid-run, the second resuming it; prints the run dir, where it
   * was killed, the resumed run's output and the figures of the ledger and the receipts file.
   *
   * @throws IllegalStateException when a child did not do its part (ended before it was killed, no new
   *     run directory, did not end), saying what it printed
   */
  public static Outcome run(Setup setup, PrintWriter out) throws IOException, InterruptedException {
    int payments = CardCharges.DEFAULT_PAYMENTS;
    long valid = Stream.iterate(0L, i -> i + 1).limit(payments).filter(i -> !CardCharges.invalid(i)).count();
    Path flowDir = setup.journalDir().resolve("card_charges");
    Set<Path> before = runDirs(flowDir);
    List<String> options = List.of("--journal-dir", setup.journalDir().toString(),
        "--set", CardCharges.BANK_DIR + "=" + setup.bankDir(), "--set", CardCharges.RECEIPTS + "=" + setup.receipts(),
        "--set", CardCharges.PROGRESS + "=" + PROGRESS_EVERY);
    out.println(SAMPLE + ": " + payments + " payments, " + (payments - valid) + " of them invalid (no amount); the bank's"
        + " ledger " + setup.bankDir().resolve(Bank.LEDGER) + ", the receipts " + setup.receipts());

    Process first = start(setup, options);
    long killAt = payments / 3;
    List<String> firstLines = new ArrayList<>();
    boolean killed = false;
    try (BufferedReader r = reader(first)) {
      String line;
      while ((line = r.readLine()) != null) {
        firstLines.add(line);
        Matcher m = PROGRESS.matcher(line);
        if (m.matches() && Long.parseLong(m.group(1)) >= killAt) {
          first.destroyForcibly(); // SIGKILL: no shutdown hook, no end written
          killed = true;
          break;
        }
      }
    }
    if (!first.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
      first.destroyForcibly();
      throw new IllegalStateException("the first run's JVM (pid " + first.pid() + ") did not end");
    }
    if (!killed) {
      throw new IllegalStateException("the first run ended (exit code " + first.exitValue() + ") before the bank had"
          + " charged " + killAt + " payments, so it was not killed; it printed:\n" + String.join("\n", firstLines));
    }
    Set<Path> after = runDirs(flowDir);
    after.removeAll(before);
    if (after.size() != 1) {
      throw new IllegalStateException("expected one new run directory in " + flowDir + " after the first run, found "
          + after.size() + ": " + after);
    }
    Path runDir = after.iterator().next();
    long killedAfter = Bank.read(setup.bankDir().resolve(Bank.LEDGER)).stream().filter(e -> !e.replay()).count();
    out.println("ran the flow in a child JVM (pid " + first.pid() + "), run dir " + runDir);
    out.println("killed it (SIGKILL) after the bank had charged " + killedAfter + " of " + valid + " valid payments");

    List<String> resume = new ArrayList<>(options);
    resume.add("--resume-from");
    resume.add(runDir.toString());
    out.println("resuming it in a second child JVM: " + setup.launcher() + " " + SAMPLE + " " + String.join(" ", resume));
    out.flush();
    Process second = start(setup, resume);
    StringBuilder printed = new StringBuilder();
    try (BufferedReader r = reader(second)) {
      String line;
      while ((line = r.readLine()) != null) {
        printed.append(line).append('\n');
        if (!PROGRESS.matcher(line).matches()) {
          out.println(line);
        }
      }
    }
    if (!second.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
      second.destroyForcibly();
      throw new IllegalStateException("the resumed run's JVM (pid " + second.pid() + ") did not end");
    }
    Outcome o = figures(setup, runDir, killedAfter, second.exitValue(), printed.toString());
    out.println();
    out.println("bank: " + (o.chargedTwice() == 0 ? "charged " + o.charged() + " payments once each: 0 charged twice"
        : "charged " + o.charged() + " payments: " + o.chargedTwice() + " of them more than once")
        + "; " + o.replayed() + (o.replayed() == 1 ? " request was a retry" : " requests were retries")
        + " answered from the idempotency key");
    out.println("receipts: " + o.receipts() + " lines, " + o.duplicateReceipts() + " duplicates");
    out.flush();
    return o;
  }

  /** The figures of the ledger and the receipts file, read from them. */
  static Outcome figures(Setup setup, Path runDir, long killedAfter, int exit, String printed) throws IOException {
    Map<Long, Integer> chargesPerKey = new HashMap<>();
    long replayed = 0;
    for (Bank.Entry e : Bank.read(setup.bankDir().resolve(Bank.LEDGER))) {
      if (e.replay()) {
        replayed++;
      } else {
        chargesPerKey.merge(e.key(), 1, Integer::sum);
      }
    }
    long twice = chargesPerKey.values().stream().filter(n -> n > 1).count();
    List<Receipts.Line> receipts = Receipts.read(setup.receipts());
    long distinct = receipts.stream().map(Receipts.Line::paymentId).distinct().count();
    return new Outcome(runDir, killedAfter, exit, printed, chargesPerKey.size(), twice, replayed, receipts.size(),
        receipts.size() - distinct);
  }

  private static Process start(Setup setup, List<String> options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(setup.jvmOptions());
    command.add("-cp");
    command.add(setup.classPath());
    command.add("dev.weir.samples.Samples");
    command.add(SAMPLE);
    command.addAll(options);
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static Set<Path> runDirs(Path flowDir) throws IOException {
    Set<Path> dirs = new HashSet<>();
    if (Files.isDirectory(flowDir)) {
      try (Stream<Path> s = Files.list(flowDir)) {
        s.filter(Files::isDirectory).forEach(dirs::add);
      }
    }
    return dirs;
  }
}
