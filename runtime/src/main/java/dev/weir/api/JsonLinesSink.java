package dev.weir.api;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The sink behind {@link Sinks#jsonLines}: writes each item as one line of compact JSON (Jackson,
 * {@code java.time} as ISO-8601 text), through a {@link FileTarget} (atomic replace, or append).
 */
final class JsonLinesSink<T> implements Sink<T> {

  private static final byte[] NEWLINE = {'\n'};

  private final FileTarget target;
  private final ObjectWriter writer;

  JsonLinesSink(Path file, Class<T> type, FileSinkMode mode) {
    Objects.requireNonNull(type, "type");
    this.target = new FileTarget(file, mode, "JSON Lines sink " + file);
    this.writer = JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build()
        .writerFor(type);
  }

  @Override
  public void consume(T item) throws Exception {
    byte[] json = writer.writeValueAsBytes(item); // compact: a line break inside a string is written \n
    target.add(json);
    target.add(NEWLINE);
  }

  @Override
  public void flush() throws IOException {
    if (!target.opened()) {
      target.open();
    }
    target.flush();
  }

  @Override
  public void complete() throws IOException {
    flush();
    target.complete();
  }

  @Override
  public void abort() throws IOException {
    target.abort();
  }

  /** In {@code REPLACE} mode the file of an interrupted run was never published: a resume writes it whole. */
  @Override
  public boolean rebuildsOnResume() {
    return target.replaces();
  }
}
