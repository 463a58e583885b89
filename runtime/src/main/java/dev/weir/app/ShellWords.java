package dev.weir.app;

import java.util.regex.Pattern;

/** Quotes words for a POSIX shell, so that a printed command runs as printed. */
final class ShellWords {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ShellWords() {}

  /** {@code word} as is when the shell reads it unchanged, otherwise in single quotes. */
  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
