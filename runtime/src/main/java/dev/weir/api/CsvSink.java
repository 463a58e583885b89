package dev.weir.api;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The sink behind {@link Sinks#csv}: writes each item as one CSV row with Jackson CSV (values quoted
 * when they hold the separator, a quote or a line break, a quote doubled inside), the header from
 * the type's properties (a record's components in declaration order). Rows are gathered during a
 * batch and written at its flush, through a {@link FileTarget} (atomic replace, or append).
 */
final class CsvSink<T> implements Sink<T> {

  private final Class<T> type;
  private final CsvSinkOptions options;
  private final FileTarget target;
  private final ObjectWriter writer;
  private final String header;

  CsvSink(Path file, Class<T> type, CsvSinkOptions options) {
    this.type = Objects.requireNonNull(type, "type");
    this.options = Objects.requireNonNull(options, "options");
    this.target = new FileTarget(file, options.mode(), "CSV sink " + file);
    CsvMapper mapper = CsvMapper.builder()
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS) // java.time as ISO text, as Sources.csv reads it
        .build();
    Map<String, Class<?>> properties = properties(mapper, type);
    List<String> names = options.columnNames().isEmpty() ? new ArrayList<>(properties.keySet()) : options.columnNames();
    List<String> unknown = names.stream().filter(n -> !properties.containsKey(n)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("CSV sink " + file + ": " + (unknown.size() == 1 ? "column " : "columns ")
          + unknown + " of CsvSinkOptions.columns " + (unknown.size() == 1 ? "is not a property" : "are not properties")
          + " of " + type.getName() + ", which has " + properties.keySet());
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("CSV sink " + file + ": " + type.getName()
          + " has no properties Jackson can read, so there are no columns to write");
    }
    List<String> notScalar = new ArrayList<>();
    for (String n : names) {
      if (!scalar(properties.get(n))) {
        notScalar.add(n + " (" + properties.get(n).getSimpleName() + ")");
      }
    }
    if (!notScalar.isEmpty()) {
      throw new IllegalArgumentException("CSV sink " + file + ": a CSV cell holds one value, but " + type.getSimpleName()
          + "'s " + String.join(", ", notScalar) + (notScalar.size() == 1 ? " is" : " are")
          + " not a text, number, boolean, enum, UUID or java.time value; leave it out with CsvSinkOptions.columns(...)"
          + " or map the items to a flat record first");
    }
    CsvSchema.Builder schema = CsvSchema.builder();
    names.forEach(schema::addColumn);
    CsvSchema s = schema.build().withColumnSeparator(options.separatorChar()).withLineSeparator("\n").withoutHeader();
    this.writer = mapper.writerFor(type).with(s).with(com.fasterxml.jackson.core.JsonGenerator.Feature.IGNORE_UNKNOWN);
    this.header = names.stream().map(n -> quote(n, options.separatorChar())).collect(Collectors.joining(
        String.valueOf(options.separatorChar())));
  }

  /** The properties Jackson writes for {@code type}, by name, with their raw types; a record's in declaration order. */
  private static Map<String, Class<?>> properties(CsvMapper mapper, Class<?> type) {
    BeanDescription bean = mapper.getSerializationConfig().introspect(mapper.constructType(type));
    Map<String, Class<?>> found = new LinkedHashMap<>();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (p.couldSerialize()) {
        found.put(p.getName(), p.getRawPrimaryType());
      }
    }
    if (!type.isRecord()) {
      return found;
    }
    Map<String, Class<?>> ordered = new LinkedHashMap<>();
    for (var rc : type.getRecordComponents()) {
      for (BeanPropertyDefinition p : bean.findProperties()) {
        if (p.getInternalName().equals(rc.getName()) && found.containsKey(p.getName())) {
          ordered.put(p.getName(), found.remove(p.getName()));
        }
      }
    }
    ordered.putAll(found);
    return ordered;
  }

  private static boolean scalar(Class<?> c) {
    return c.isPrimitive() || CharSequence.class.isAssignableFrom(c) || Number.class.isAssignableFrom(c)
        || c == Boolean.class || c == Character.class || c.isEnum() || c == UUID.class
        || TemporalAccessor.class.isAssignableFrom(c) || c == java.time.Duration.class || c == java.time.Period.class
        || c == Optional.class || c == java.util.OptionalInt.class || c == java.util.OptionalLong.class
        || c == java.util.OptionalDouble.class;
  }

  /** Quotes a header name as Jackson quotes a value: when it holds the separator, a quote, a line break or edge spaces. */
  static String quote(String value, char separator) {
    boolean needs = value.isEmpty() || value.indexOf(separator) >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.charAt(0) == ' '
        || value.charAt(value.length() - 1) == ' ';
    return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  @Override
  public void consume(T item) throws Exception {
    target.add(writer.writeValueAsBytes(item)); // one row, with its line terminator; a failure adds nothing
  }

  @Override
  public void flush() throws IOException {
    if (!target.opened()) {
      open();
    }
    target.flush();
  }

  private void open() throws IOException {
    String first = target.open();
    if (!options.header()) {
      return;
    }
    if (first == null) {
      target.prepend((header + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)); // before the batch's rows
      return;
    }
    String existing = first.startsWith("\uFEFF") ? first.substring(1) : first;
    if (!existing.equals(header)) {
      target.abort();
      throw new IOException("CSV sink: cannot append to " + target.file() + ": its header is '" + existing
          + "', but " + type.getSimpleName() + " rows are written as '" + header + "'; write to another file,"
          + " replace this one (CsvSinkOptions.replace()) or pick the same columns with CsvSinkOptions.columns(...)");
    }
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
