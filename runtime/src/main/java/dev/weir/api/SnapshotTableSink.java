package dev.weir.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The sink behind {@link Sinks#snapshotTable}: keeps the latest item of each key and, at the end of
 * each batch that changed something, shows the whole keyed table ({@link Format#TABLE} layout, keys
 * in first-seen order). On a terminal it redraws the table in place (ANSI: cursor up over the last
 * drawing, erase to the end of the screen); otherwise it prints each snapshot after the last one,
 * with no escape codes, so a file or pipe gets plain text.
 */
final class SnapshotTableSink<T> implements Sink<T> {

  /** ANSI Control Sequence Introducer. */
  private static final String CSI = "\u001b[";

  private final PrintStream out;
  private final boolean tty;
  private final Function<? super T, ?> key;
  private final ObjectMapper mapper;
  private final Map<Object, T> latest = new LinkedHashMap<>();
  private boolean changed;
  /** Lines of the last drawing, to move back over on a terminal. */
  private int drawnLines;
  private long snapshots;

  SnapshotTableSink(PrintStream out, boolean tty, Function<? super T, ?> key) {
    this.out = Objects.requireNonNull(out, "out");
    this.tty = tty;
    this.key = Objects.requireNonNull(key, "key");
    this.mapper = JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  @Override
  public void consume(T item) throws StageException {
    Object k = key.apply(item);
    if (k == null) {
      throw new StageException(ErrorKind.VALIDATION, "the snapshot table's key function gave null for " + item);
    }
    latest.put(k, item);
    changed = true;
  }

  @Override
  public void flush() {
    if (!changed) {
      out.flush();
      return;
    }
    changed = false;
    TableLayout table = new TableLayout(mapper);
    latest.values().forEach(table::add);
    String rows = table.render();
    snapshots++;
    String title = "snapshot " + snapshots + ": " + latest.size() + (latest.size() == 1 ? " key" : " keys") + "\n";
    StringBuilder b = new StringBuilder();
    if (tty) {
      if (drawnLines > 0) {
        b.append(CSI).append(drawnLines).append('A').append('\r').append(CSI).append('J');
      }
    } else if (snapshots > 1) {
      b.append('\n');
    }
    b.append(title).append(rows);
    drawnLines = lines(title) + lines(rows);
    out.print(b);
    out.flush();
  }

  private static int lines(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** The table is printed at the end from every input: a resumed run hands it all of them again. */
  @Override
  public boolean rebuildsOnResume() {
    return true;
  }
}
