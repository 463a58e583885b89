package dev.weir.event;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a whole number in the int range as Smile encodes it, byte for byte what Jackson's
 * {@code SmileGenerator.writeNumber(int)} writes, without a generator: a scalar payload is a few
 * bytes, and going through a generator (its checks, its buffer, its flush into the journal's
 * buffer) cost more than the journal itself. Smile: a zigzag value of 0..31 is one byte
 * {@code 0xC0 + value}; any other is the token {@code 0x24}, then the value's bits above the low six
 * in 7-bit groups (most significant first), then a byte {@code 0x80} with the low six bits.
 * {@code SmileIntsTest} holds the two to the same bytes.
 */
final class SmileInts {

  private static final int SMALL_INT = 0xC0;
  private static final int INT_32 = 0x24;

  private SmileInts() {}

  static void write(int value, OutputStream out) throws IOException {
    int zigzag = (value << 1) ^ (value >> 31);
    if (zigzag >= 0 && zigzag <= 0x1F) {
      out.write(SMALL_INT + zigzag);
      return;
    }
    out.write(INT_32);
    int high = zigzag >>> 6;
    if (high != 0) {
      int shift = 7 * ((31 - Integer.numberOfLeadingZeros(high)) / 7);
      for (; shift >= 0; shift -= 7) {
        out.write((high >>> shift) & 0x7F);
      }
    }
    out.write(0x80 | (zigzag & 0x3F));
  }
}
