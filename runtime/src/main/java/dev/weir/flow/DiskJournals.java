package dev.weir.flow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link Journals} on disk: each run in {@code dir/<flow>/<run-id>/} with a {@code manifest.json},
 * a system journal, and a data and an error journal per stage. Durability defaults to
 * {@link Durability#batch()}; an HMAC key (set here or in {@code WEIR_JOURNAL_KEY}) seals every
 * batch. Payloads are encoded with the run's codecs. Made by {@link Journals#disk(Path)}; configure
 * it before the run starts.
 */
public final class DiskJournals implements Journals {

  /** The environment variable that supplies an HMAC key when none is set in code. */
  public static final String KEY_VARIABLE = "WEIR_JOURNAL_KEY";

  /** Default segment size: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  /** Default payload limit: 16 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD = 16 << 20;

  private final Path dir;
  private Durability durability = Durability.batch();
  private long segmentBytes = DEFAULT_SEGMENT_BYTES;
  private int maxPayload = DEFAULT_MAX_PAYLOAD;
  private byte[] key = keyFromEnvironment();
  private PayloadFormat payloadFormat = PayloadFormat.DEFAULT;

  DiskJournals(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** The HMAC key in {@code WEIR_JOURNAL_KEY} (its UTF-8 bytes), or null when the variable is unset or empty. */
  public static byte[] keyFromEnvironment() {
    String v = System.getenv(KEY_VARIABLE);
    return v == null || v.isEmpty() ? null : v.getBytes(StandardCharsets.UTF_8);
  }

  /** When appended records become durable; {@link Durability#batch()} by default. */
  public DiskJournals durability(Durability value) {
    this.durability = Objects.requireNonNull(value, "durability");
    return this;
  }

  /** The size at which a journal rolls over to a new segment file; 64 MiB by default. */
  public DiskJournals segmentBytes(long value) {
    if (value < 4096) {
      throw new IllegalArgumentException("segments must be at least 4096 bytes, got " + value);
    }
    this.segmentBytes = value;
    return this;
  }

  /** The largest encoded payload an append accepts, in bytes; 16 MiB by default. */
  public DiskJournals maxPayload(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("the payload limit must be positive, got " + value);
    }
    this.maxPayload = value;
    return this;
  }

  /** Seals every batch with an HMAC-SHA256 chain under {@code value}; overrides {@code WEIR_JOURNAL_KEY}. */
  public DiskJournals key(byte[] value) {
    if (value != null && value.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    this.key = value == null ? null : value.clone();
    return this;
  }

  /**
   * How the default (Jackson) codec encodes payloads: {@link PayloadFormat#SMILE} by default, or
   * {@link PayloadFormat#JSON}. The manifest records it; readers read what a run recorded.
   */
  public DiskJournals payloadFormat(PayloadFormat value) {
    this.payloadFormat = Objects.requireNonNull(value, "payloadFormat");
    return this;
  }

  @Override
  public PayloadFormat payloadFormat() {
    return payloadFormat;
  }

  /** The root directory. */
  public Path directory() {
    return dir;
  }

  /** When appended records become durable. */
  public Durability durability() {
    return durability;
  }

  /** The size at which a journal rolls over to a new segment file. */
  public long segmentBytes() {
    return segmentBytes;
  }

  /** The largest encoded payload an append accepts. */
  public int maxPayload() {
    return maxPayload;
  }

  /** A copy of the HMAC key batches are sealed with, or null when runs are not sealed. */
  public byte[] key() {
    return key == null ? null : key.clone();
  }

  @Override
  public String toString() {
    return "disk(" + dir + ", " + durability + (key != null ? ", hmac" : "") + ", " + payloadFormat + ")";
  }
}
