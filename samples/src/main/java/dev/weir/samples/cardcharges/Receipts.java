package dev.weir.samples.cardcharges;

import dev.weir.api.DeliveryKey;
import dev.weir.api.Effect;
import dev.weir.api.KeyedSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends one receipt line per charge to a file, {@code <delivery key>,<payment id>,<charge id>,<amount>},
 * each written and flushed before the runtime journals its receipt. It reads the file when it is
 * made, and skips a delivery whose key the file already holds: on a resume the runtime says which
 * deliveries the interrupted run may already have made ({@code mayBeRetry}), and those are looked up;
 * a key found without that flag is a redelivery of a replay with live effects, skipped as well. An
 * {@link Effect}: a replay takes its receipts from the archived run instead of writing again.
 */
final class Receipts implements KeyedSink<Charge>, Effect {

  private final Path file;
  private final Set<String> written = new HashSet<>();
  private final OutputStream out;

  Receipts(Path file) {
    this.file = file;
    try {
      for (Line l : read(file)) {
        written.add(l.key());
      }
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("sink 'receipts': cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void consume(Charge c, DeliveryKey key) throws IOException {
    consume(c, key, false);
  }

  @Override
  public void consume(Charge c, DeliveryKey key, boolean mayBeRetry) throws IOException {
    String k = key.toString();
    if (mayBeRetry && written.contains(k)) {
      return; // the killed run wrote it, but its receipt was not journaled
    }
    if (written.contains(k)) {
      return; // a redelivery without the flag: a replay with live effects, of a run this file has
    }
    out.write((k + "," + c.paymentId() + "," + c.chargeId() + "," + c.amountCents() + "\n")
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
    written.add(k);
  }

  @Override
  public void complete() throws IOException {
    out.close();
  }

  @Override
  public void abort() throws IOException {
    out.close();
  }

  /**
   * One receipt line.
   *
   * @param key the delivery key, {@code run/stage#seq}
   * @param paymentId the payment's id
   * @param chargeId the bank's charge id
   * @param amountCents the amount
   */
  record Line(String key, long paymentId, String chargeId, long amountCents) {}

  /**
   * The receipt lines of {@code file}, in order; none when it does not exist. A last line without its
   * newline (cut short by a kill) is left out.
   *
   * @throws IOException when a line is not a receipt line, naming the file and the line number
   */
  static List<Line> read(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    if (!Files.exists(file)) {
      return lines;
    }
    String[] all = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < all.length - 1; i++) {
      String[] f = all[i].split(",", -1);
      try {
        if (f.length != 4) {
          throw new NumberFormatException("4 fields expected");
        }
        lines.add(new Line(f[0], Long.parseLong(f[1]), f[2], Long.parseLong(f[3])));
      } catch (NumberFormatException e) {
        throw new IOException(file + " line " + (i + 1) + ": not a receipt line: '" + all[i] + "'", e);
      }
    }
    return lines;
  }
}
