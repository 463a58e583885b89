package dev.weir.flow;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Turns payloads of one element type into the bytes a journal holds and back. Every journal,
 * memory or disk, stores these bytes, and contract checksums and replay verification compare
 * them, so a codec must be deterministic: equal values, equal bytes, in any JVM. Weir uses JSON
 * through Jackson by default; register another per type on the flow builder
 * ({@link FlowBuilder#codec(Class, Codec)}).
 *
 * @param <T> the payload type
 */
public interface Codec<T> {

  /** Writes {@code value}'s bytes to {@code out}. */
  void encode(T value, OutputStream out) throws IOException;

  /** Reads a value back from {@code length} bytes of {@code data} at {@code offset}. */
  T decode(byte[] data, int offset, int length) throws IOException;

  /**
   * What keeps values of this codec's type from coming back as they were written, one problem per
   * entry, naming the type or property and what to do; empty when the type round-trips. Checked
   * before a run's first event; a codec that cannot tell returns an empty list.
   */
  default List<String> problems() {
    return List.of();
  }

  /**
   * A new Jackson mapper configured as Weir's default JSON codec is (java.time and Optional
   * support, map entries sorted by key, zone ids kept, empty beans refused): a starting point for
   * {@link FlowBuilder#jsonMapper}.
   */
  static com.fasterxml.jackson.databind.ObjectMapper defaultJsonMapper() {
    return dev.weir.event.JsonCodec.newDefaultMapper();
  }
}
