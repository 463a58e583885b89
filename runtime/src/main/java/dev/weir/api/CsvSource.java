package dev.weir.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The source behind {@link Sources#csv}: reads a UTF-8 CSV file with a header row, one record at a
 * time, and binds each record's values to {@code T} by header name. A record that cannot become a
 * {@code T} is rejected to the error journal with its raw text and a reason; a header that does not
 * fit {@code T} fails the flow. See {@link Sources#csv} for the rules.
 *
 * <p>Records are cut by this class (a record ends at a line terminator outside double quotes; the
 * CSV escape {@code ""} keeps the quote parity), so that each record's exact raw text and starting
 * line are known and a broken record cannot swallow or break the rest of the file; each record's
 * values are then parsed by Jackson CSV and bound by Jackson databind.
 *
 * <p>Resumable: {@link #resumeAfter} reads the header as {@link #next} does, then cuts and drops the
 * records the interrupted run already turned into events or dead letters, with the same record
 * cutter as {@link #next} (so quoted multi-line values, empty lines, unclosed quotes and too-long
 * rows count exactly as they did) but without parsing or binding them; line numbers go on counting,
 * so later reasons name the same lines as an uninterrupted run's.
 */
final class CsvSource<T> implements ResumableSource<T> {

  private static final int BYTES = 1 << 14;
  private static final int CHARS = 1 << 14;
  private static final int MAX_VALUE_IN_REASON = 80;

  private final Path file;
  private final String fileName;
  private final Class<T> type;
  private final int maxRowChars;
  private final char separator;
  private final CsvSourceOptions options;
  private boolean read;
  private boolean resumed;
  /** How a wrong value count names the expected one: "the header has" or "expected". */
  private String expectedWord = "the header has";

  // decoding: bytes -> chars, undecodable input becomes U+FFFD and marks its row as bad
  private ReadableByteChannel channel;
  private final ByteBuffer bytes = ByteBuffer.allocate(BYTES);
  private final char[] chars = new char[CHARS];
  private final CharBuffer charView = CharBuffer.wrap(chars);
  private final boolean[] badChar = new boolean[CHARS];
  private boolean anyBadChar;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private boolean bytesEnd;
  private boolean flushed;
  private boolean charsEnd;
  private int pos;
  private int lim;

  // the record being read
  private final StringBuilder row = new StringBuilder(256);
  private long line = 1; // the physical line the reader is on
  private long rowLine;
  private boolean rowTooLong;
  private boolean rowUnclosed;
  private boolean rowBadBytes;
  private boolean rowHasQuote;
  private long quoteLine;
  private long quoteColumn;

  // binding
  private final CsvFactory csv;
  private final CsvMapper mapper;
  private ObjectReader reader;
  private Column[] columns;
  private final List<String> values = new ArrayList<>();
  private char[] text = new char[256]; // the record handed to Jackson, reused
  private ObjectNode node;

  private enum Kind { PRIMITIVE, TEXT, OTHER }

  private record Column(String name, Kind kind, String typeName) {}

  CsvSource(Path file, Class<T> type, int maxRowChars, CsvSourceOptions options) {
    this.file = Objects.requireNonNull(file, "file");
    this.type = Objects.requireNonNull(type, "type");
    this.options = Objects.requireNonNull(options, "options");
    this.separator = options.separatorChar();
    if (options.header() != CsvSourceOptions.Header.READ && options.columnNames().isEmpty() && !type.isRecord()) {
      throw new IllegalArgumentException("CSV source " + file + ": without a header row the columns of " + type.getName()
          + " have no order (it is not a record); name them with CsvSourceOptions.columns(...)");
    }
    if (maxRowChars < 1) {
      throw new IllegalArgumentException("maxRowChars must be positive, got " + maxRowChars);
    }
    this.maxRowChars = maxRowChars;
    Path name = file.getFileName();
    this.fileName = name == null ? file.toString() : name.toString();
    // java.time and Optional columns read as the journal's JSON codec writes them
    this.mapper = CsvMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .build();
    this.csv = mapper.getFactory();
    bytes.limit(0);
    charView.limit(0);
  }

  @Override
  public boolean next(Emitter<T> out) throws IOException {
    read = true;
    if (columns == null) {
      open();
    }
    for (int i = 0; i < Sources.BATCH; i++) {
      if (!readRecord()) {
        return false;
      }
      T item = decode(out);
      if (item != null) {
        out.emit(item);
      }
    }
    return true;
  }

  /**
   * Skips the first {@code emitted + rejected} data records (the header is not one): each record
   * {@link #next} reads becomes one event or one dead letter. Reads and checks the header first,
   * failing as {@link #next} would for one that does not fit {@code T}.
   *
   * @throws IllegalStateException when the file holds fewer data records than that
   */
  @Override
  public void resumeAfter(long emitted, long rejected) throws IOException {
    long skip = Sources.checkResume("CSV source " + file, emitted, rejected, read, resumed);
    resumed = true;
    if (skip == 0) {
      return;
    }
    open();
    for (long skipped = 0; skipped < skip; skipped++) {
      if (!readRecord()) {
        throw new IllegalStateException("CSV source " + file + ": cannot resume after " + skip + " data rows ("
            + emitted + " events + " + rejected + " dead letters): the file holds only " + skipped
            + "; it is not the file the run was started on");
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

  // ---- header ----

  private void open() throws IOException {
    Sources.requireReadable("CSV source", file);
    channel = Files.newByteChannel(file);
    if (peek() == '\uFEFF') {
      pos++; // a byte order mark is not part of the header
    }
    CsvSourceOptions.Header header = options.header();
    if (header != CsvSourceOptions.Header.NONE) {
      if (!readRecord()) {
        throw new IOException("CSV source " + file + ": the file is empty, expected a header row"
            + (header == CsvSourceOptions.Header.READ ? " naming the columns of " + type.getName() + " (" + describe(properties()) + ")"
                : " (CsvSourceOptions.skipHeader())"));
      }
      String problem = rowTooLong ? "the header row is longer than " + maxRowChars + " characters"
          : rowUnclosed ? "the header row's quote opened on line " + quoteLine + ", column " + quoteColumn + " never closes"
          : rowBadBytes ? "the header row is not valid UTF-8"
          : parseValues(row);
      if (problem != null) {
        throw new IOException("CSV source " + file + ": " + problem);
      }
    }
    List<String> names;
    String origin;
    if (header == CsvSourceOptions.Header.READ) {
      names = new ArrayList<>(values);
      origin = "header";
    } else {
      names = options.columnNames().isEmpty()
          ? Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList()
          : options.columnNames();
      origin = options.columnNames().isEmpty() ? "the record's components" : "CsvSourceOptions.columns";
      expectedWord = "expected";
    }
    bind(names, origin);
  }

  /** Binds the columns, in file order, to {@code T}'s properties; {@code origin} says where the names came from. */
  private void bind(List<String> names, String origin) throws IOException {
    boolean fromHeader = origin.equals("header");
    Map<String, Column> properties = properties();
    Set<String> seen = new LinkedHashSet<>();
    Set<String> duplicate = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    Column[] cols = new Column[names.size()];
    for (int i = 0; i < cols.length; i++) {
      String name = names.get(i);
      if (!seen.add(name)) {
        duplicate.add(name);
      }
      cols[i] = properties.get(name);
      if (cols[i] == null) {
        unknown.add(name);
      }
    }
    List<String> missing = properties.values().stream()
        .filter(c -> c.kind() == Kind.PRIMITIVE && !seen.contains(c.name()))
        .map(Column::name)
        .toList();
    if (!unknown.isEmpty() || !duplicate.isEmpty() || !missing.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!unknown.isEmpty()) {
        parts.add((fromHeader ? "header " : "") + (unknown.size() == 1 ? "column " : "columns ") + quoted(unknown)
            + (unknown.size() == 1 ? " is not a property of " : " are not properties of ") + type.getName());
      }
      if (!duplicate.isEmpty()) {
        parts.add((fromHeader ? "header" : origin) + " repeats " + quoted(duplicate));
      }
      if (!missing.isEmpty()) {
        parts.add((fromHeader ? "header" : origin) + " lacks " + (missing.size() == 1 ? "primitive property " : "primitive properties ")
            + quoted(missing) + " (a primitive needs a value in every row)");
      }
      throw new IOException("CSV source " + file + ": " + String.join("; ", parts) + "; " + type.getSimpleName()
          + " has " + describe(properties) + ". Name each column after a property, or change the type to fit the file"
          + " (a primitive the file may lack should be boxed)");
    }
    reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    columns = cols;
  }

  /** The properties Jackson can set on {@code T}, by name, in declaration order. */
  private Map<String, Column> properties() {
    BeanDescription bean = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
    Map<String, Column> out = new LinkedHashMap<>();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (!p.couldDeserialize()) {
        continue;
      }
      Class<?> raw = p.getRawPrimaryType();
      Kind kind = raw.isPrimitive() ? Kind.PRIMITIVE
          : raw == String.class || raw == CharSequence.class ? Kind.TEXT
          : Kind.OTHER;
      out.put(p.getName(), new Column(p.getName(), kind, raw.isPrimitive() ? raw.getName() : raw.getSimpleName()));
    }
    if (type.isRecord()) { // in declaration order, as a reader of the message expects
      Map<String, Column> ordered = new LinkedHashMap<>();
      for (RecordComponent rc : type.getRecordComponents()) {
        Column c = out.remove(rc.getName());
        if (c != null) {
          ordered.put(c.name(), c);
        }
      }
      ordered.putAll(out);
      return ordered;
    }
    return out;
  }

  private static String describe(Map<String, Column> properties) {
    if (properties.isEmpty()) {
      return "no properties Jackson can set";
    }
    return "properties " + properties.values().stream()
        .map(c -> c.name() + " (" + c.typeName() + ")")
        .collect(Collectors.joining(", "));
  }

  private static String quoted(Iterable<String> names) {
    List<String> q = new ArrayList<>();
    names.forEach(n -> q.add("'" + n + "'"));
    return String.join(", ", q);
  }

  // ---- one record ----

  /**
   * Decodes the record just read; rejects it and returns null when it cannot become a {@code T}.
   */
  private T decode(Emitter<T> out) {
    if (rowUnclosed) {
      return reject(out, "the quote opened on line " + quoteLine + ", column " + quoteColumn
          + " never closes: the row runs to the end of the file"
          + (rowTooLong ? " (raw text cut to its first " + maxRowChars + " characters)" : ""));
    }
    if (rowTooLong) {
      return reject(out, "the row is longer than " + maxRowChars + " characters (Sources.CSV_MAX_ROW_CHARS);"
          + " raw text cut to its first " + maxRowChars);
    }
    if (rowBadBytes) {
      return reject(out, "not valid UTF-8 (the undecodable bytes are shown as U+FFFD)");
    }
    String malformed = parseValues(row);
    if (malformed != null) {
      return reject(out, malformed);
    }
    if (values.size() != columns.length) {
      return reject(out, values.size() + (values.size() == 1 ? " value" : " values") + ", " + expectedWord + " "
          + columns.length + (columns.length == 1 ? " column" : " columns"));
    }
    if (node == null) {
      node = mapper.createObjectNode();
    }
    node.removeAll();
    for (int i = 0; i < columns.length; i++) {
      Column c = columns[i];
      String v = values.get(i);
      if (c.kind() == Kind.TEXT || !v.isBlank()) {
        node.put(c.name(), v);
      } else if (c.kind() == Kind.PRIMITIVE) {
        return reject(out, c.name(), "blank, but " + c.name() + " is " + article(c.typeName()) + " " + c.typeName() + " (primitives need a value)");
      } else {
        node.putNull(c.name());
      }
    }
    try {
      return reader.readValue(node);
    } catch (InvalidFormatException e) {
      String column = column(e);
      String target = e.getTargetType() == null ? "value" : e.getTargetType().isPrimitive()
          ? e.getTargetType().getName() : e.getTargetType().getSimpleName();
      String extra = "";
      if (e.getTargetType() != null && e.getTargetType().isEnum()) {
        extra = " (one of " + Arrays.stream(e.getTargetType().getEnumConstants()).map(String::valueOf)
            .collect(Collectors.joining(", ")) + ")";
      } else if (String.valueOf(e.getOriginalMessage()).contains("out of range")) {
        extra = " (out of range)";
      }
      return reject(out, column, "'" + shorten(String.valueOf(e.getValue())) + "' is not a valid " + target + extra);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return reject(out, type.getSimpleName() + " refused the values: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    } catch (JsonMappingException e) {
      String column = column(e);
      return column == null ? reject(out, "cannot be read as " + type.getSimpleName() + ": " + e.getOriginalMessage())
          : reject(out, column, "cannot be read: " + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      return reject(out, "cannot be read as " + type.getSimpleName() + ": " + e);
    }
  }

  private static String column(JsonMappingException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    for (int i = path.size() - 1; i >= 0; i--) {
      if (path.get(i).getFieldName() != null) {
        return path.get(i).getFieldName();
      }
    }
    return null;
  }

  private static String shorten(String value) {
    return value.length() <= MAX_VALUE_IN_REASON ? value : value.substring(0, MAX_VALUE_IN_REASON) + "...";
  }

  private T reject(Emitter<T> out, String what) {
    out.reject(row.toString(), ErrorKind.DESERIALIZATION, fileName + " line " + rowLine + ": " + what);
    return null;
  }

  private T reject(Emitter<T> out, String column, String what) {
    if (column == null) {
      return reject(out, what);
    }
    out.reject(row.toString(), ErrorKind.DESERIALIZATION,
        fileName + " line " + rowLine + ", column '" + column + "': " + what);
    return null;
  }

  /**
   * Splits one record into {@link #values}, with Jackson CSV when it has quotes; returns what is wrong, or null. The
   * record's quotes are balanced, but a quote inside an unquoted value can still make Jackson see
   * other values or several records than the quote parity suggests: that record is malformed.
   */
  private String parseValues(StringBuilder record) {
    values.clear();
    if (text.length < record.length()) {
      text = new char[Math.max(record.length(), text.length * 2)];
    }
    int length = record.length();
    record.getChars(0, length, text, 0);
    if (!rowHasQuote) {
      // Without quotes, CSV has no escapes: the values are the text between commas, as Jackson reads
      // them too. Skipping Jackson's parser here triples the speed of plain files.
      int start = 0;
      for (int i = 0; i < length; i++) {
        if (text[i] == separator) {
          values.add(new String(text, start, i - start));
          start = i + 1;
        }
      }
      values.add(new String(text, start, length - start));
      return null;
    }
    try (JsonParser p = csv.createParser(text, 0, length)) {
      if (separator != ',') {
        ((com.fasterxml.jackson.dataformat.csv.CsvParser) p).setSchema(
            com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withColumnSeparator(separator));
      }
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_ARRAY) {
        return "malformed CSV: no values";
      }
      while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
        values.add(p.getText());
      }
      if (t != JsonToken.END_ARRAY || p.nextToken() != null) {
        return "malformed CSV: a double quote inside an unquoted value"
            + " (quote the whole value and double the quotes inside it)";
      }
      return null;
    } catch (JsonProcessingException e) {
      return "malformed CSV: " + e.getOriginalMessage();
    } catch (IOException e) {
      return "malformed CSV: " + e.getMessage();
    }
  }

  // ---- cutting records ----

  /**
   * Reads the next record into {@link #row}: physical lines up to a line terminator (LF, CRLF or a
   * lone CR) outside double quotes, without that terminator. Empty lines outside quotes are
   * skipped. At most {@link #maxRowChars} characters are kept; the rest of a longer record is read
   * and dropped. Returns false at end of file.
   */
  private boolean readRecord() throws IOException {
    row.setLength(0);
    rowTooLong = false;
    rowUnclosed = false;
    rowBadBytes = false;
    rowHasQuote = false;
    rowLine = line;
    boolean quoted = false;
    boolean started = false;
    long column = 0;
    int lastTerminator = -1; // where the terminator of the row's last physical line starts in row, if nothing follows
    while (true) {
      int c = read();
      if (c < 0) {
        rowUnclosed = quoted;
        if (quoted && lastTerminator >= 0) {
          row.setLength(Math.min(row.length(), lastTerminator)); // the file's final line terminator is not row text
        }
        return started;
      }
      if (c == '\n' || c == '\r') {
        if (quoted) {
          lastTerminator = row.length();
        }
        if (c == '\r' && peek() == '\n') {
          read();
          if (quoted) {
            append('\r');
            c = '\n';
          }
        }
        line++;
        column = 0;
        if (!quoted) {
          if (started) {
            return true;
          }
          rowLine = line; // an empty line: skipped
          continue;
        }
        append((char) c);
        continue;
      }
      started = true;
      lastTerminator = -1;
      column++;
      if (c == '"') {
        rowHasQuote = true;
        quoted = !quoted;
        if (quoted) {
          quoteLine = line;
          quoteColumn = column;
        }
      }
      append((char) c);
    }
  }

  private void append(char c) {
    if (row.length() < maxRowChars) {
      row.append(c);
    } else {
      rowTooLong = true;
    }
  }

  private int read() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    char c = chars[pos];
    if (c == '\uFFFD' && badChar[pos]) {
      rowBadBytes = true;
    }
    pos++;
    return c;
  }

  private int peek() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return chars[pos];
  }

  /** Decodes the next chunk of chars; false at end of input. Never blocks on a full buffer. */
  private boolean fill() throws IOException {
    if (charsEnd || flushed) {
      charsEnd = true;
      return false;
    }
    if (anyBadChar) {
      Arrays.fill(badChar, false);
      anyBadChar = false;
    }
    charView.clear();
    while (true) {
      CoderResult r = decoder.decode(bytes, charView, bytesEnd);
      if (r.isError()) {
        if (!charView.hasRemaining()) {
          break; // the next fill meets this error again
        }
        bytes.position(bytes.position() + r.length());
        badChar[charView.position()] = true;
        anyBadChar = true;
        charView.put('\uFFFD');
        continue;
      }
      if (r.isOverflow()) {
        break;
      }
      if (bytesEnd) {
        flushed = decoder.flush(charView).isUnderflow();
        break;
      }
      if (charView.position() > 0) {
        break;
      }
      bytes.compact();
      int n = channel.read(bytes);
      bytes.flip();
      if (n < 0) {
        bytesEnd = true;
      }
    }
    pos = 0;
    lim = charView.position();
    if (lim == 0) {
      charsEnd = true;
      return false;
    }
    return true;
  }

  private static String article(String word) {
    return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
  }
}
