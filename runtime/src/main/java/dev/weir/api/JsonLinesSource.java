package dev.weir.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The source behind {@link Sources#jsonLines}: reads a UTF-8 file of one JSON value per line and
 * binds each to {@code T} with Jackson. Lines are cut on the bytes (LF, or CRLF), so that a line
 * that is not JSON, not UTF-8 or too long is rejected on its own and reading goes on after it.
 *
 * <p>Resumable: {@link #resumeAfter} cuts and drops the non-blank lines the interrupted run already
 * turned into events or dead letters, as {@link #next} cuts them (blank lines are not counted, a
 * too-long one is), without decoding them; line numbers go on counting.
 */
final class JsonLinesSource<T> implements ResumableSource<T> {

  private static final int MAX_SHOWN = 80;

  private final Path file;
  private final String fileName;
  private final Class<T> type;
  private final int maxLineBytes;
  private final ObjectReader reader;
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  private InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int lim;
  private boolean eof;
  private byte[] line = new byte[1024];
  private int lineLength;
  private boolean lineTooLong;
  private long lineNumber;
  private boolean read;
  private boolean resumed;

  JsonLinesSource(Path file, Class<T> type, int maxLineBytes) {
    this.file = Objects.requireNonNull(file, "file");
    this.type = Objects.requireNonNull(type, "type");
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    Path name = file.getFileName();
    this.fileName = name == null ? file.toString() : name.toString();
    ObjectMapper mapper = JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .build();
    this.reader = mapper.readerFor(type)
        .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  @Override
  public boolean next(Emitter<T> out) throws IOException {
    read = true;
    open();
    for (int i = 0; i < Sources.BATCH; ) {
      if (!readLine()) {
        return false;
      }
      if (blank()) {
        continue; // an empty or all-whitespace line is not a record
      }
      i++;
      T item = decode(out);
      if (item != null) {
        out.emit(item);
      }
    }
    return true;
  }

  /**
   * Skips the first {@code emitted + rejected} records, the non-blank lines: each one {@link #next}
   * reads becomes one event or one dead letter.
   *
   * @throws IllegalStateException when the file holds fewer records than that
   */
  @Override
  public void resumeAfter(long emitted, long rejected) throws IOException {
    long skip = Sources.checkResume("JSON Lines source " + file, emitted, rejected, read, resumed);
    resumed = true;
    if (skip == 0) {
      return;
    }
    open();
    for (long skipped = 0; skipped < skip; ) {
      if (!readLine()) {
        throw new IllegalStateException("JSON Lines source " + file + ": cannot resume after " + skip + " records ("
            + emitted + " events + " + rejected + " dead letters): the file holds only " + skipped
            + " non-blank lines; it is not the file the run was started on");
      }
      if (!blank()) {
        skipped++;
      }
    }
  }

  private void open() throws IOException {
    if (in == null) {
      Sources.requireReadable("JSON Lines source", file);
      in = Files.newInputStream(file);
    }
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }

  private T decode(Emitter<T> out) {
    String text;
    try {
      text = strict.decode(ByteBuffer.wrap(line, 0, lineLength)).toString();
    } catch (CharacterCodingException e) {
      if (lineTooLong) {
        return tooLong(out);
      }
      return reject(out, new String(line, 0, lineLength, StandardCharsets.UTF_8),
          "not valid UTF-8 (the undecodable bytes are shown as U+FFFD)");
    }
    if (lineTooLong) {
      return tooLong(out);
    }
    try {
      T item = reader.readValue(text);
      if (item == null) {
        return reject(out, text, "null is not " + article(type.getSimpleName()) + " " + type.getSimpleName());
      }
      return item;
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return reject(out, text, type.getSimpleName() + " refused the values: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    } catch (JsonMappingException e) {
      String property = JsonProblem.property(e.getPath());
      if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
          && m.getTargetType().isPrimitive() && String.valueOf(e.getOriginalMessage()).startsWith("Cannot map `null`")) {
        return reject(out, text, "property '" + property + "': missing or null, but it is " + article(m.getTargetType().getName())
            + " " + m.getTargetType().getName() + " (primitives need a value)");
      }
      return reject(out, text, (property == null ? "" : "property '" + property + "': ")
          + "cannot be read as " + type.getSimpleName() + ": " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      return reject(out, text, "not JSON" + where + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      return reject(out, text, "cannot be read as " + type.getSimpleName() + ": " + e);
    }
  }

  private T tooLong(Emitter<T> out) {
    String shown = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    return reject(out, shown, "the line is longer than " + maxLineBytes + " bytes (Sources.JSON_LINES_MAX_LINE_BYTES);"
        + " raw text cut to its first " + maxLineBytes + " bytes");
  }

  private T reject(Emitter<T> out, String raw, String what) {
    out.reject(raw, ErrorKind.DESERIALIZATION, fileName + " line " + lineNumber + ": " + what);
    return null;
  }

  private static String firstLine(String message) {
    String first = JsonProblem.firstLine(message);
    return first.length() <= MAX_SHOWN * 3 ? first : first.substring(0, MAX_SHOWN * 3) + "...";
  }

  private static String article(String word) {
    return !word.isEmpty() && "AEIOUaeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  private boolean blank() {
    for (int i = 0; i < lineLength; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return !lineTooLong;
  }

  /** Reads the next line's bytes (without LF or CRLF, at most {@link #maxLineBytes}); false at end of file. */
  private boolean readLine() throws IOException {
    lineLength = 0;
    lineTooLong = false;
    lineNumber++;
    boolean any = false;
    while (true) {
      if (pos == lim) {
        if (eof || !fill()) {
          if (lineNumber == 1 && lineLength >= 3) {
            stripBom();
          }
          return any;
        }
      }
      any = true;
      int start = pos;
      while (pos < lim && buffer[pos] != '\n') {
        pos++;
      }
      append(start, pos - start);
      if (pos < lim) {
        pos++; // the LF
        if (lineLength > 0 && line[lineLength - 1] == '\r' && !lineTooLong) {
          lineLength--;
        }
        if (lineNumber == 1) {
          stripBom();
        }
        return true;
      }
    }
  }

  private void stripBom() {
    if (lineLength >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
      System.arraycopy(line, 3, line, 0, lineLength - 3);
      lineLength -= 3;
    }
  }

  private void append(int start, int length) {
    int room = maxLineBytes - lineLength;
    if (length > room) {
      lineTooLong = true;
      length = room;
    }
    if (length <= 0) {
      return;
    }
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
    }
    System.arraycopy(buffer, start, line, lineLength, length);
    lineLength += length;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      pos = lim = 0;
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }
}
