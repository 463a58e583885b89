package dev.weir.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;
import java.util.Objects;

/** The sink behind {@link Sinks#print(PrintStream, Format)}: each item in a {@link Format}, flushed per batch. */
final class ConsoleSink<T> implements Sink<T> {

  private final PrintStream out;
  private final Format format;
  private final ObjectWriter json;
  private final TableLayout table;

  ConsoleSink(PrintStream out, Format format) {
    this.out = Objects.requireNonNull(out, "out");
    this.format = Objects.requireNonNull(format, "format");
    ObjectMapper mapper = JsonMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
    this.json = format == Format.JSON_PRETTY ? mapper.writerWithDefaultPrettyPrinter() : mapper.writer();
    this.table = format == Format.TABLE ? new TableLayout(mapper) : null;
  }

  @Override
  public void consume(T item) throws Exception {
    switch (format) {
      case TEXT -> out.println(item);
      case JSON, JSON_PRETTY -> out.println(json.writeValueAsString(item));
      case TABLE -> table.add(item);
    }
  }

  @Override
  public void flush() {
    if (table != null) {
      out.print(table.render());
    }
    out.flush();
  }
}
