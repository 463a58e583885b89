package dev.weir.journal;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte buffer that codecs write into; reused across records so appends allocate nothing. */
final class ByteSink extends OutputStream {

  private byte[] buf;
  private int size;

  ByteSink(int initial) {
    buf = new byte[initial];
  }

  byte[] array() {
    return buf;
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  /** Drops everything from {@code position} on. */
  void truncate(int position) {
    size = position;
  }

  /** Reserves {@code n} bytes and returns their offset. */
  int reserve(int n) {
    ensure(size + n);
    int at = size;
    size += n;
    return at;
  }

  @Override
  public void write(int b) {
    ensure(size + 1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(size + len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  void putLong(int at, long v) {
    for (int i = 7; i >= 0; i--) {
      buf[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  void putInt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  ByteBuffer view(int from, int to) {
    return ByteBuffer.wrap(buf, from, to - from);
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
    }
  }
}
