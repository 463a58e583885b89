package dev.weir.event;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns payloads of one element type into bytes in a disk journal and back. Weir uses JSON
 * through Jackson by default ({@link JsonCodec}); register another per type on the disk journals.
 *
 * @param <T> the payload type
 */
public interface Codec<T> {

  /** Writes {@code value}'s bytes to {@code out}. */
  void encode(T value, OutputStream out) throws IOException;

  /** Reads a value back from {@code length} bytes of {@code data} at {@code offset}. */
  T decode(byte[] data, int offset, int length) throws IOException;
}
