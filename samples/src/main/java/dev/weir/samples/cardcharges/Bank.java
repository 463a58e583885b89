package dev.weir.samples.cardcharges;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process bank that takes each request as a remote one would: on one of a few worker threads,
 * with an idempotency key, half its latency on the way in and half on the way back (so a client killed
 * meanwhile may have been charged without having the answer). Its ledger ({@value #LEDGER} in its directory) gets one
 * line per request, written and flushed before the answer, so that it survives the JVM being killed:
 * {@code charge,<key>,<charge id>,<card>,<amount>} for a charge, {@code replay,<key>,<charge id>} for a
 * request whose key was already charged, which gets the first charge's answer and is not charged again.
 * A bank opened on an existing ledger reads it first: its charges count as made.
 */
final class Bank {

  /** The ledger's file name in the bank's directory. */
  static final String LEDGER = "ledger.csv";

  /** How many requests the bank works on at once. */
  static final int WORKERS = 4;

  private final Path ledger;
  private final Duration latency;
  private final int progressEvery;
  private final PrintStream progress;
  private final Map<Long, Charge> charges = new HashMap<>();
  private final OutputStream out;
  private ExecutorService workers; // made on the first request: a replay makes none
  private long charged;

  /**
   * Opens the bank in {@code dir}, reading its ledger if there is one.
   *
   * @param progressEvery print {@code bank: N charges} on {@code progress} after every that many
   *     charges; 0 for never
   */
  Bank(Path dir, Duration latency, int progressEvery, PrintStream progress) {
    this.ledger = dir.resolve(LEDGER);
    this.latency = latency;
    this.progressEvery = progressEvery;
    this.progress = progress;
    try {
      Files.createDirectories(dir);
      for (Entry e : read(ledger)) {
        if (e.replay()) {
          continue;
        }
        charges.put(e.key(), new Charge(e.key(), e.chargeId(), e.card(), e.amountCents()));
      }
      this.charged = charges.size();
      this.out = Files.newOutputStream(ledger, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("bank: cannot open its ledger " + ledger + ": " + e.getMessage(), e);
    }
  }

  /** Charges {@code p} under its id as idempotency key, after the bank's latency; the answer arrives later. */
  synchronized CompletableFuture<Charge> charge(Payment p) {
    if (workers == null) {
      workers = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "card-charges-bank");
        t.setDaemon(true);
        return t;
      });
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        Thread.sleep(latency.toMillis() / 2); // the request on its way
        Charge answer = record(p);
        Thread.sleep(latency.toMillis() - latency.toMillis() / 2); // the answer on its way back
        return answer;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("bank: interrupted while charging payment " + p.id(), e);
      } catch (IOException e) {
        throw new UncheckedIOException("bank: cannot write its ledger " + ledger + " for payment " + p.id(), e);
      }
    }, workers);
  }

  private synchronized Charge record(Payment p) throws IOException {
    Charge first = charges.get(p.id());
    if (first != null) {
      write("replay," + p.id() + "," + first.chargeId());
      return first;
    }
    Charge c = new Charge(p.id(), "ch-" + (charged + 1), p.card(), p.amountCents());
    write("charge," + p.id() + "," + c.chargeId() + "," + c.card() + "," + c.amountCents());
    charges.put(p.id(), c);
    charged++;
    if (progressEvery > 0 && charged % progressEvery == 0) {
      progress.println("bank: " + charged + " charges");
      progress.flush();
    }
    return c;
  }

  private void write(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush(); // in the OS's hands: a killed JVM does not lose it
  }

  /**
   * One line of a ledger.
   *
   * @param replay a request answered from its idempotency key, not a charge
   * @param key the idempotency key (the payment id)
   * @param chargeId the charge's id
   * @param card the card charged (empty for a replay)
   * @param amountCents the amount charged (0 for a replay)
   */
  record Entry(boolean replay, long key, String chargeId, String card, long amountCents) {}

  /**
   * The lines of the ledger {@code file}, in order; none when it does not exist. A last line without
   * its newline (a write the kill cut short) is left out.
   *
   * @throws IOException when a line is not a ledger line, naming the file and the line number
   */
  static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) { // the part after the last newline is empty or torn
      String[] f = lines[i].split(",", -1);
      try {
        if (f[0].equals("charge") && f.length == 5) {
          entries.add(new Entry(false, Long.parseLong(f[1]), f[2], f[3], Long.parseLong(f[4])));
        } else if (f[0].equals("replay") && f.length == 3) {
          entries.add(new Entry(true, Long.parseLong(f[1]), f[2], "", 0));
        } else {
          throw new IOException(file + " line " + (i + 1) + ": not a ledger line: '" + lines[i] + "'");
        }
      } catch (NumberFormatException e) {
        throw new IOException(file + " line " + (i + 1) + ": not a ledger line: '" + lines[i] + "'", e);
      }
    }
    return entries;
  }
}
