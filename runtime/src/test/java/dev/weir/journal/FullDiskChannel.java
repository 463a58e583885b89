package dev.weir.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file channel on a device that fills up after {@code capacity} bytes: the write that crosses
 * the limit writes what fits, then fails with "No space left on device", as a real full disk does.
 */
class FullDiskChannel extends DelegatingChannel {

  private long room;

  FullDiskChannel(FileChannel delegate, long capacity) {
    super(delegate);
    this.room = capacity;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (room <= 0) {
      throw new IOException("No space left on device");
    }
    if (src.remaining() > room) {
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + (int) room);
      int n = delegate.write(part);
      src.position(src.position() + n);
      room -= n;
      throw new IOException("No space left on device");
    }
    int n = delegate.write(src);
    room -= n;
    return n;
  }
}
