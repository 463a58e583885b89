package dev.weir.api;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * the source's expected count.
   */
  public static <T> Source<T> of(Iterable<? extends T> items) {
    Objects.requireNonNull(items, "items");
    OptionalLong expected = items instanceof Collection<?> c ? OptionalLong.of(c.size()) : OptionalLong.empty();
    return new IteratorSource<>(items.iterator(), expected);
  }

  /** Emits the given items in order. */
  @SafeVarargs
  public static <T> Source<T> of(T... items) {
    return of(List.of(items));
  }

  /** Emits {@code generator(0) .. generator(count - 1)}; declares {@code count}. */
  public static <T> Source<T> range(long count, LongFunction<? extends T> generator) {
    Objects.requireNonNull(generator, "generator");
    if (count < 0) {
      throw new IllegalArgumentException("Sources.range needs count >= 0, got " + count);
    }
    return new RangeSource<>(count, generator);
  }

  /** Emits {@code generator(0), generator(1), ...} until the flow is stopped. */
  public static <T> Source<T> infinite(LongFunction<? extends T> generator) {
    return new RangeSource<>(Long.MAX_VALUE, generator) {
      @Override
      public OptionalLong expectedCount() {
        return OptionalLong.empty();
      }
    };
  }

  /** Emits the lines of a UTF-8 text file, in order, without their line terminators. */
  public static Source<String> lines(Path file) {
    Objects.requireNonNull(file, "file");
    return new Source<>() {
      private BufferedReader reader;

      @Override
      public boolean next(Emitter<String> out) throws IOException {
        if (reader == null) {
          if (!Files.isReadable(file)) {
            throw new IOException("lines source: cannot read " + file.toAbsolutePath());
          }
          reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
        for (int i = 0; i < BATCH; i++) {
          String line = reader.readLine();
          if (line == null) {
            return false;
          }
          out.emit(line);
        }
        return true;
      }

      @Override
      public void close() throws IOException {
        if (reader != null) {
          reader.close();
        }
      }
    };
  }

  /**
   * Reads a CSV file with a header row into records or beans of {@code type} (Jackson CSV; columns
   * are matched to properties by header name, unknown columns are an error).
   */
  public static <T> Source<T> csv(Path file, Class<T> type) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(type, "type");
    return new Source<>() {
      private MappingIterator<T> rows;

      @Override
      public boolean next(Emitter<T> out) throws IOException {
        if (rows == null) {
          if (!Files.isReadable(file)) {
            throw new IOException("CSV source: cannot read " + file.toAbsolutePath());
          }
          CsvMapper mapper = new CsvMapper();
          CsvSchema schema = CsvSchema.emptySchema().withHeader();
          rows = mapper.readerFor(type).with(schema).readValues(file.toFile());
        }
        try {
          for (int i = 0; i < BATCH; i++) {
            if (!rows.hasNextValue()) {
              return false;
            }
            out.emit(rows.nextValue());
          }
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } catch (RuntimeException e) {
          throw new IOException("CSV source " + file + " near line "
              + rows.getCurrentLocation().getLineNr() + ": " + e.getMessage(), e);
        }
        return true;
      }

      @Override
      public void close() throws IOException {
        if (rows != null) {
          rows.close();
        }
      }
    };
  }

  private static final class IteratorSource<T> implements Source<T> {
    private final Iterator<? extends T> iterator;
    private final OptionalLong expected;

    IteratorSource(Iterator<? extends T> iterator, OptionalLong expected) {
      this.iterator = iterator;
      this.expected = expected;
    }

    @Override
    public boolean next(Emitter<T> out) {
      for (int i = 0; i < BATCH && iterator.hasNext(); i++) {
        out.emit(iterator.next());
      }
      return iterator.hasNext();
    }

    @Override
    public OptionalLong expectedCount() {
      return expected;
    }
  }

  private static class RangeSource<T> implements Source<T> {
    private final long count;
    private final LongFunction<? extends T> generator;
    private long next;

    RangeSource(long count, LongFunction<? extends T> generator) {
      this.count = count;
      this.generator = generator;
    }

    @Override
    public boolean next(Emitter<T> out) {
      long end = Math.min(count, next + BATCH);
      for (; next < end; next++) {
        out.emit(generator.apply(next));
      }
      return next < count;
    }

    @Override
    public OptionalLong expectedCount() {
      return OptionalLong.of(count);
    }
  }
}
