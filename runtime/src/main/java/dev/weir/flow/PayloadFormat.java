package dev.weir.flow;

import java.util.Locale;

/**
 * How the default codec encodes payloads into journals: Jackson's binary Smile (the default: the
 * same data model as JSON, about a fifth smaller and faster to read) or JSON text. Both use the
 * run's Jackson mapper with all its settings ({@code java.time}, map entries in key order, and so
 * on); codecs registered with {@link FlowBuilder#codec(Class, Codec)} write their own bytes either
 * way. Each run's manifest records its format, and readers (replay, {@code journal cat},
 * {@code inspect}, {@code verify}) read what the run recorded.
 */
public enum PayloadFormat {

  /** JSON text through Jackson. */
  JSON("json"),

  /** Jackson's Smile binary form of JSON: no header, no back-references, so every payload stands alone. */
  SMILE("smile");

  /** The format journals encode payloads in unless told otherwise. */
  public static final PayloadFormat DEFAULT = SMILE;

  private final String id;

  PayloadFormat(String id) {
    this.id = id;
  }

  /** The name a manifest and the command line use: {@code json} or {@code smile}. */
  public String id() {
    return id;
  }

  /**
   * The format named {@code text} ({@code json} or {@code smile}, any case); a manifest without a
   * payload format (written before Smile existed) means {@link #JSON}.
   *
   * @throws IllegalArgumentException naming the valid formats
   */
  public static PayloadFormat parse(String text) {
    if (text == null) {
      return JSON;
    }
    for (PayloadFormat f : values()) {
      if (f.id.equals(text.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown payload format '" + text + "': use json or smile");
  }

  @Override
  public String toString() {
    return id;
  }
}
