package dev.weir.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/** Ready-made {@link Source}s. */
public final class Sources {

  /**
   * How many items a ready-made source emits per {@code next} call. Each call ends a batch (one
   * journal write, one sync under BATCH durability), so a large batch amortises both.
   */
  static final int BATCH = 512;

  private Sources() {}

  /**
   * Emits the items of {@code items} in iteration order. A {@link Collection} declares its size as
   * the source's expected count. The source is a {@link ResumableSource}: a resumed run skips the
   * items it already emitted (a {@link List} jumps to the first one not emitted; any other
   * iterable is advanced past them without emitting).
   */
  public static <T> Source<T> of(Iterable<? extends T> items) {
    Objects.requireNonNull(items, "items");
    OptionalLong expected = items instanceof Collection<?> c ? OptionalLong.of(c.size()) : OptionalLong.empty();
    return new IteratorSource<>(items, expected);
  }

  /** Emits the given items in order; resumable as {@link #of(Iterable)}. */
  @SafeVarargs
  public static <T> Source<T> of(T... items) {
    return of(List.of(items));
  }

  /**
   * Emits {@code generator(0) .. generator(count - 1)}; declares {@code count}. The source is a
   * {@link ResumableSource}: a resumed run that had emitted {@code n} values goes on with {@code
   * generator(n)}, without calling the generator for the first {@code n}.
   */
  public static <T> Source<T> range(long count, LongFunction<? extends T> generator) {
    Objects.requireNonNull(generator, "generator");
    if (count < 0) {
      throw new IllegalArgumentException("Sources.range needs count >= 0, got " + count);
    }
    return new RangeSource<>("Sources.range(" + count + ", ...)", count, OptionalLong.of(count), generator);
  }

  /**
   * Emits {@code generator(0), generator(1), ...} until the flow is stopped. The source is a
   * {@link ResumableSource}: a resumed run that had emitted {@code n} values goes on with {@code
   * generator(n)}.
   */
  public static <T> Source<T> infinite(LongFunction<? extends T> generator) {
    Objects.requireNonNull(generator, "generator");
    return new RangeSource<>("Sources.infinite(...)", Long.MAX_VALUE, OptionalLong.empty(), generator);
  }

  /**
   * Emits the lines of a UTF-8 text file, in order, without their line terminators (LF, CRLF or a
   * lone CR, as {@link BufferedReader#readLine} cuts them). Every line is an event, an empty one
   * too; nothing is rejected. The source is a {@link ResumableSource}: a resumed run skips the lines
   * it already emitted.
   */
  public static Source<String> lines(Path file) {
    Objects.requireNonNull(file, "file");
    return new LinesSource(file);
  }

  /**
   * The longest row, in characters of its raw text, that {@link #csv} reads: 1 MiB characters
   * ({@value}). A longer row (for example one whose quote never closes) is rejected with its first
   * {@value} characters as its raw text, and reading goes on after it.
   */
  public static final int CSV_MAX_ROW_CHARS = 1 << 20;

  /**
   * Reads a UTF-8 CSV file with a header row into records or beans of {@code type}: each header
   * column names a property (a record component, or a bean property Jackson can set, honouring
   * {@code @JsonProperty}), and each row's values are bound to them with Jackson. Rows are emitted in
   * file order, up to 512 per batch.
   *
   * <p><b>Rows that cannot become a {@code T}</b> go to the source's error journal as a dead letter of
   * kind {@link ErrorKind#DESERIALIZATION} and the flow goes on (see {@link Emitter#reject}). The dead
   * letter holds the row's raw text exactly as in the file (all its physical lines when a quoted value
   * spans lines, without the final line terminator) and a reason naming the file, the line the row
   * starts on (1-based; the header is line 1), the column when there is one, and what is wrong:
   *
   * <ul>
   *   <li>a value that does not parse: {@code orders.csv line 17, column 'quantity': 'abc' is not a
   *       valid int};
   *   <li>a blank (empty or all-whitespace) value for a primitive property: {@code orders.csv line 12,
   *       column 'price': blank, but price is a double (primitives need a value)};
   *   <li>more or fewer values than header columns: {@code orders.csv line 9: 3 values, the header has
   *       5 columns};
   *   <li>a quote that never closes: the row runs to the end of the file, and the reason says on which
   *       line and column the quote opened;
   *   <li>a row longer than {@link #CSV_MAX_ROW_CHARS} characters (its raw text is cut to that many);
   *   <li>bytes that are not valid UTF-8 (the raw text shows them as U+FFFD);
   *   <li>quotes Jackson cannot read as CSV (text after a closing quote, a quote inside an unquoted
   *       value that pairs with a later one), and a value the type's constructor refuses.
   * </ul>
   *
   * <p><b>Blank values</b> of a boxed or other reference type become {@code null}; a {@code String}
   * (or {@code CharSequence}) property keeps the text as it is, so a blank cell is {@code ""}, never
   * {@code null}. A primitive property is never silently zero: blank is an error for that row.
   *
   * <p><b>The header</b> must fit the type, or the source fails the flow (it throws from {@code next})
   * before it emits any row, with a message naming the file, the columns at fault and the type's
   * properties: a column the type has no settable property for, a column named twice, or a primitive
   * property the header lacks. A property of a reference type the header lacks is {@code null}. An
   * empty file (no header) fails the same way. Header names are matched exactly (case and spaces).
   *
   * <p><b>Format</b>: RFC 4180 with a comma separator and double quotes; a double quote inside a value
   * is written {@code ""} inside a quoted value. Lines end with LF, CRLF or a lone CR; a quoted value
   * keeps its line terminators as they are in the file. A byte order mark at the start is ignored. An
   * empty physical line outside quotes is skipped (it is not a row, though it counts as a line for the
   * reported line numbers); a line holding only spaces is a row. Values are not trimmed, except that
   * Jackson accepts surrounding spaces around numbers.
   */
  public static <T> Source<T> csv(Path file, Class<T> type) {
    return csv(file, type, CsvSourceOptions.defaults());
  }

  /**
   * As {@link #csv(Path, Class)}, with another separator ({@code options.tsv()} for tab-separated
   * values) or with the column names given instead of read from a header row: {@code
   * options.withoutHeader()} (the file is all data, its columns are the record's components in
   * declaration order), {@code options.columns("id", "name")} (the file's columns, in file order),
   * {@code options.skipHeader()} (the first row is a header whose names are ignored). Column names
   * given here are checked as a header's are, when the source starts: a name that is not a property,
   * a name given twice, or a primitive property left out fails the flow. Without a header, line
   * numbers in the reasons still count from the file's first line; a wrong value count reads
   * {@code data.tsv line 4: 2 values, expected 3 columns}.
   */
  public static <T> Source<T> csv(Path file, Class<T> type, CsvSourceOptions options) {
    return new CsvSource<>(file, type, CSV_MAX_ROW_CHARS, options);
  }

  /**
   * The longest line, in bytes, that {@link #jsonLines} reads: 1 MiB ({@value}). A longer line is
   * rejected with its first {@value} bytes as its raw text, and reading goes on after it.
   */
  public static final int JSON_LINES_MAX_LINE_BYTES = 1 << 20;

  /**
   * Reads a UTF-8 JSON Lines file (one JSON value per line) into {@code type} with Jackson (with
   * {@code java.time} and {@code Optional} support), in file order, up to 512 items per batch. Lines
   * end with LF or CRLF; an empty or all-whitespace line is skipped (it still counts for the line
   * numbers); a byte order mark at the start is ignored.
   *
   * <p><b>A line that cannot become a {@code T}</b> goes to the source's error journal as a dead letter
   * of kind {@link ErrorKind#DESERIALIZATION}, with the line's text as its raw input and a reason
   * naming the file and the line (1-based), and the flow goes on: {@code events.jsonl line 7: not JSON
   * at column 12: Unexpected character ...}; {@code events.jsonl line 9: property 'qty': cannot be read
   * as Order: ...} (a wrong type, a property {@code T} does not have, a missing or null primitive); a
   * line holding more than one value, a {@code null} line, a value {@code T}'s constructor refuses,
   * bytes that are not UTF-8, and a line longer than {@link #JSON_LINES_MAX_LINE_BYTES}.
   */
  public static <T> Source<T> jsonLines(Path file, Class<T> type) {
    return new JsonLinesSource<>(file, type, JSON_LINES_MAX_LINE_BYTES);
  }

  /**
   * Pulls a finite, paged collection over HTTP: GETs {@code url}, decodes the body into items and a
   * next cursor with {@code decoder}, emits the items, and GETs the next page until a page has no
   * cursor; then the source is exhausted. One request per call of {@code next}, so each page is one
   * journal batch.
   *
   * <p><b>Answers.</b> 2xx: decoded and emitted. 408, 429 and 5xx, a connection that fails or a
   * response not there in time ({@link HttpSourceOptions#requestTimeout}): the call throws a
   * transient {@link StageException} ({@code REMOTE}, {@code TIMEOUT}, or {@code RATE_LIMITED} carrying
   * the server's {@code Retry-After}, in seconds or as an HTTP date), which the stage's {@code @Retry}
   * retries for the same page, waiting at least the {@code Retry-After}; without a {@code @Retry}, or
   * once its attempts are spent, the source fails the flow, naming the URL and the status. Any other
   * status (4xx, an unfollowed 3xx) is fatal for that request: its body goes to the source's error
   * journal as a {@link ErrorKind#PERMANENT} dead letter whose reason names the URL and the status. A
   * body the decoder refuses goes there as {@link ErrorKind#DESERIALIZATION}. <b>Either ends the
   * paging</b>: the failed page's cursor is unknown, so the source is exhausted after it, keeping what
   * the earlier pages emitted; the run completes with errors.
   */
  public static <T> Source<T> httpPull(URI url, HttpDecoder<T> decoder) {
    return httpPull(url, decoder, HttpSourceOptions.defaults());
  }

  /** As {@link #httpPull(URI, HttpDecoder)}, with headers, timeouts and how a cursor becomes a URL. */
  public static <T> Source<T> httpPull(URI url, HttpDecoder<T> decoder, HttpSourceOptions options) {
    return new HttpSource<>(url, decoder, options, null);
  }

  /**
   * Polls {@code url} every {@code interval} (from the start of one successful request to the next),
   * until the flow is stopped: each 2xx body is decoded and its items emitted (the decoder's cursor is
   * ignored). When the server sends an {@code ETag} (or a {@code Last-Modified}), the next poll asks
   * conditionally ({@code If-None-Match}, {@code If-Modified-Since}), and a 304 means nothing new:
   * nothing is emitted. A server that sends neither gets unconditional polls, and an unchanged body
   * is emitted again: deduplicate downstream. Failures as for {@link #httpPull}, except that after a
   * 4xx or an undecodable body (dead-lettered) the next poll goes on at its time.
   */
  public static <T> Source<T> httpPoll(URI url, Duration interval, HttpDecoder<T> decoder) {
    return httpPoll(url, interval, decoder, HttpSourceOptions.defaults());
  }

  /** As {@link #httpPoll(URI, Duration, HttpDecoder)}, with headers and timeouts. */
  public static <T> Source<T> httpPoll(URI url, Duration interval, HttpDecoder<T> decoder, HttpSourceOptions options) {
    return new HttpSource<>(url, decoder, options, Objects.requireNonNull(interval, "interval"));
  }

  /**
   * A source fed over HTTP by the operations server: a {@code dev.weir.server.FlowServer} serving a
   * run of this flow mounts {@code POST /ingest/<name>/events} (one JSON {@code T}) and {@code POST
   * /ingest/<name>/batch} (a JSON array of {@code T}) and feeds what they accept to this source, until
   * the flow is stopped. Posted JSON is validated into {@code type} (Jackson; unknown properties and
   * null primitives are errors): 202 {@code {"accepted": n}} once the items are journaled, 400 with a
   * reason for each invalid item (a batch is all or nothing), 413 over {@code maxBodyBytes}, 401
   * without valid credentials, 503 with {@code Retry-After} when the buffer is full or the flow has
   * stopped. See {@link IngestSource} for what "accepted" guarantees.
   *
   * @param name the endpoints' path segment (letters, digits, {@code _ . -}); unique in a flow
   */
  public static <T> IngestSource<T> ingest(String name, Class<T> type, IngestOptions options) {
    return new IngestSource<>(name, type, options);
  }

  /**
   * Checks a {@link ResumableSource#resumeAfter} call, for the ready-made sources: counts that are
   * not negative and whose sum fits a {@code long}, and a source that was neither read nor resumed
   * yet. Returns {@code emitted + rejected}.
   *
   * @param source names the source in the messages ({@code "CSV source orders.csv"})
   */
  static long checkResume(String source, long emitted, long rejected, boolean read, boolean resumed) {
    if (emitted < 0 || rejected < 0) {
      throw new IllegalArgumentException(source + ": cannot resume after " + emitted + " events and " + rejected
          + " dead letters: the counts must not be negative");
    }
    if (resumed) {
      throw new IllegalStateException(source + ": resumeAfter was already called; a source is resumed once");
    }
    if (read) {
      throw new IllegalStateException(source + ": resumeAfter called after next(); a source is resumed only"
          + " before it is first read");
    }
    if (emitted > Long.MAX_VALUE - rejected) {
      throw new IllegalArgumentException(source + ": cannot resume after " + emitted + " events and " + rejected
          + " dead letters: together they overflow a long");
    }
    return emitted + rejected;
  }

  /** The source behind {@link #of}: an iterator, resumed by jumping (a list) or advancing (any other iterable). */
  private static final class IteratorSource<T> implements ResumableSource<T> {
    private static final String NAME = "Sources.of source";
    private final Iterable<? extends T> items;
    private Iterator<? extends T> iterator;
    private final OptionalLong expected;
    private boolean read;
    private boolean resumed;

    IteratorSource(Iterable<? extends T> items, OptionalLong expected) {
      this.items = items;
      this.iterator = items.iterator();
      this.expected = expected;
    }

    @Override
    public boolean next(Emitter<T> out) {
      read = true;
      for (int i = 0; i < BATCH && iterator.hasNext(); i++) {
        out.emit(iterator.next());
      }
      return iterator.hasNext();
    }

    /** Skips {@code emitted} items; {@code rejected} is checked but has nothing to skip (this source never rejects). */
    @Override
    public void resumeAfter(long emitted, long rejected) {
      checkResume(NAME, emitted, rejected, read, resumed);
      resumed = true;
      if (items instanceof List<? extends T> list) {
        if (emitted > list.size()) {
          throw fewer(emitted, list.size());
        }
        iterator = list.listIterator((int) emitted);
        return;
      }
      for (long skipped = 0; skipped < emitted; skipped++) {
        if (!iterator.hasNext()) {
          throw fewer(emitted, skipped);
        }
        iterator.next();
      }
    }

    private static IllegalStateException fewer(long emitted, long found) {
      return new IllegalStateException(NAME + ": cannot resume after " + emitted + " emitted items: it holds only "
          + found + "; it is not the collection the run was started on");
    }

    @Override
    public OptionalLong expectedCount() {
      return expected;
    }
  }

  /** The source behind {@link #range} and {@link #infinite}: an index into a generator, resumed by jumping the index. */
  private static final class RangeSource<T> implements ResumableSource<T> {
    private final String name;
    private final long count;
    private final OptionalLong expected;
    private final LongFunction<? extends T> generator;
    private long next;
    private boolean read;
    private boolean resumed;

    RangeSource(String name, long count, OptionalLong expected, LongFunction<? extends T> generator) {
      this.name = name;
      this.count = count;
      this.expected = expected;
      this.generator = generator;
    }

    @Override
    public boolean next(Emitter<T> out) {
      read = true;
      long end = next + Math.min(BATCH, count - next); // not next + BATCH: a resumed infinite index may be near Long.MAX_VALUE
      for (; next < end; next++) {
        out.emit(generator.apply(next));
      }
      return next < count;
    }

    /** Goes on at {@code generator(emitted)}; {@code rejected} is checked but has nothing to skip (this source never rejects). */
    @Override
    public void resumeAfter(long emitted, long rejected) {
      checkResume(name, emitted, rejected, read, resumed);
      resumed = true;
      if (emitted > count) {
        throw new IllegalStateException(name + ": cannot resume after " + emitted + " emitted values: it holds only "
            + count + "; it is not the range the run was started on");
      }
      next = emitted;
    }

    @Override
    public OptionalLong expectedCount() {
      return expected;
    }
  }

  /** The source behind {@link #lines}: lines as {@link BufferedReader#readLine} cuts them, resumed by reading past the emitted ones. */
  private static final class LinesSource implements ResumableSource<String> {
    private final Path file;
    private BufferedReader reader;
    private boolean read;
    private boolean resumed;

    LinesSource(Path file) {
      this.file = file;
    }

    @Override
    public boolean next(Emitter<String> out) throws IOException {
      read = true;
      open();
      for (int i = 0; i < BATCH; i++) {
        String line = reader.readLine();
        if (line == null) {
          return false;
        }
        out.emit(line);
      }
      return true;
    }

    /**
     * Reads past the first {@code emitted} lines, cutting them as {@link #next} does; {@code rejected}
     * is checked but has nothing to skip (every line is an event).
     */
    @Override
    public void resumeAfter(long emitted, long rejected) throws IOException {
      checkResume("lines source " + file, emitted, rejected, read, resumed);
      resumed = true;
      if (emitted == 0) {
        return;
      }
      open();
      for (long skipped = 0; skipped < emitted; skipped++) {
        if (reader.readLine() == null) {
          throw new IllegalStateException("lines source " + file + ": cannot resume after " + emitted
              + " emitted lines: the file holds only " + skipped + "; it is not the file the run was started on");
        }
      }
    }

    private void open() throws IOException {
      if (reader == null) {
        requireReadable("lines source", file);
        reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }

  /** Fails, saying why, when a file source cannot read {@code file}: it does not exist, is a directory, or may not be read. */
  static void requireReadable(String source, Path file) throws IOException {
    if (Files.isRegularFile(file) && Files.isReadable(file)) {
      return;
    }
    Path at = file.toAbsolutePath();
    String why = !Files.exists(at) ? "no such file" : Files.isDirectory(at) ? "it is a directory, not a file"
        : Files.isRegularFile(at) ? "it is not readable (permissions)" : "it is not a regular file";
    throw new IOException(source + ": cannot read " + at + ": " + why);
  }
}
