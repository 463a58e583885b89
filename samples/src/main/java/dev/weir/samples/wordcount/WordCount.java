package dev.weir.samples.wordcount;

import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.samples.SampleData;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts the words of a bundled text and prints the most frequent ones. */
@Flow(name = "word_count", topology = {"lines |> words |> counts |> top"})
public class WordCount {

  /** How many words the report prints. */
  static final int TOP = 15;

  private static final Pattern WORD = Pattern.compile("[a-z]+(?:'[a-z]+)?");

  private int printed;

  @Stage
  Source<String> lines() {
    return Sources.lines(SampleData.file("words.txt"));
  }

  /** Lower-cased words of one line, in order. */
  @Stage
  Transform<String, String> words() {
    return (line, emit) -> {
      Matcher m = WORD.matcher(line.toLowerCase(Locale.ROOT));
      while (m.find()) {
        emit.emit(m.group());
      }
    };
  }

  /** Counts every word; at end of input emits one frequency per word, most frequent first. */
  @Stage
  Transform<String, WordFrequency> counts() {
    Map<String, Long> counts = new HashMap<>();
    return new Transform<>() {
      @Override
      public void process(String word, Emitter<WordFrequency> emit) {
        counts.merge(word, 1L, Long::sum);
      }

      @Override
      public void drain(Emitter<WordFrequency> emit) {
        counts.entrySet().stream()
            .map(e -> new WordFrequency(e.getKey(), e.getValue()))
            .sorted(Comparator.comparingLong(WordFrequency::count).reversed().thenComparing(WordFrequency::word))
            .forEach(emit::emit);
      }
    };
  }

  /** Prints the first {@link #TOP} frequencies it receives (the most frequent words). */
  @Stage
  Sink<WordFrequency> top() {
    return f -> {
      if (printed++ < TOP) {
        System.out.printf("%-8s %3d%n", f.word(), f.count());
      }
    };
  }
}
