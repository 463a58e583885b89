package dev.weir.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * The file a file sink writes, under a {@link FileSinkMode}: bytes are gathered in memory during a
 * batch and written at its flush; in {@code REPLACE} mode into a temporary file in the target's
 * directory that {@link #complete} renames over the target atomically and {@link #abort} deletes.
 * The file is opened at the first flush, so a sink that never flushes leaves nothing behind.
 */
final class FileTarget {

  /** The suffix of the temporary file a replacing sink writes before its rename. */
  static final String TEMP_SUFFIX = ".weir-tmp";

  private final Path file;
  private final FileSinkMode mode;
  private final String what;
  private byte[] pending = new byte[8192];
  private int pendingLength;
  private FileChannel channel;
  private Path temp;
  private boolean existed;
  private boolean done;

  FileTarget(Path file, FileSinkMode mode, String what) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    this.mode = Objects.requireNonNull(mode, "mode");
    this.what = what;
  }

  Path file() {
    return file;
  }

  /** Whether the file is written aside and renamed over the target at the end ({@code REPLACE}). */
  boolean replaces() {
    return mode == FileSinkMode.REPLACE;
  }

  /** The temporary file being written, while there is one (REPLACE mode, opened, not yet renamed). */
  Path temp() {
    return temp;
  }

  /** Whether the file is open; before the first flush it is not. */
  boolean opened() {
    return channel != null;
  }

  /**
   * Opens the file; returns what an appending sink finds at its start (its first line, without the
   * terminator, or null when the file is new or empty), so that the sink can check or write its header.
   */
  String open() throws IOException {
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException(what + ": the directory of " + file + " does not exist; create it first");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(what + ": " + file + " is a directory, not a file");
    }
    if (mode == FileSinkMode.REPLACE) {
      temp = Files.createTempFile(dir, "." + file.getFileName() + ".", TEMP_SUFFIX);
      channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      return null;
    }
    existed = Files.exists(file) && Files.size(file) > 0;
    String first = existed ? firstLine() : null;
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    if (existed && !endsWithNewline()) {
      prepend(new byte[] {'\n'}); // the file's last line was not terminated: the first new line must not join it
    }
    return first;
  }

  private boolean endsWithNewline() throws IOException {
    try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      read.read(last, read.size() - 1);
      return last.get(0) == '\n';
    }
  }

  private String firstLine() throws IOException {
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      return line == null ? "" : line;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(what + ": " + file + " is not UTF-8 text, refusing to append to it", e);
    }
  }

  /** Whether the file had content before this sink appended to it. */
  boolean existed() {
    return existed;
  }

  void add(byte[] bytes) {
    add(bytes, 0, bytes.length);
  }

  void add(byte[] bytes, int offset, int length) {
    if (pendingLength + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
    }
    System.arraycopy(bytes, offset, pending, pendingLength, length);
    pendingLength += length;
  }

  /** Puts {@code bytes} before what the batch gathered so far (a header, at the first flush). */
  void prepend(byte[] bytes) {
    byte[] joined = new byte[Math.max(pending.length, pendingLength + bytes.length)];
    System.arraycopy(bytes, 0, joined, 0, bytes.length);
    System.arraycopy(pending, 0, joined, bytes.length, pendingLength);
    pending = joined;
    pendingLength += bytes.length;
  }

  void add(String text) {
    add(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes what the batch gathered; the file must be open. */
  void flush() throws IOException {
    ByteBuffer b = ByteBuffer.wrap(pending, 0, pendingLength);
    while (b.hasRemaining()) {
      channel.write(b);
    }
    pendingLength = 0;
  }

  /** Syncs and closes the file; in REPLACE mode renames it over the target. */
  void complete() throws IOException {
    flush();
    channel.force(true);
    channel.close();
    done = true;
    if (mode == FileSinkMode.REPLACE) {
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.deleteIfExists(temp);
        throw new IOException(what + ": the file system of " + file + " cannot rename " + temp.getFileName()
            + " over it atomically; write to another directory or use FileSinkMode.APPEND", e);
      } catch (IOException e) {
        Files.deleteIfExists(temp);
        throw new IOException(what + ": cannot rename " + temp + " to " + file + ": " + e, e);
      }
      temp = null;
    }
  }

  /** Drops what was not flushed, closes the file, and deletes a REPLACE mode's temporary file. */
  void abort() throws IOException {
    pendingLength = 0;
    if (done) {
      return;
    }
    done = true;
    try {
      if (channel != null) {
        channel.close();
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
        temp = null;
      }
    }
  }
}
