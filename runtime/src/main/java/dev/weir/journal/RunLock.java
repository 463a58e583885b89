package dev.weir.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The writer's lock on a run directory ({@value #FILE}): held for as long as a process writes the
 * run, and released by the operating system when that process ends, however it ends ({@code kill -9}
 * included). A resume takes it, so two processes never write one run; whether a run is still being
 * written is told by trying it.
 */
public final class RunLock implements AutoCloseable {

  /** The lock file's name in a run directory. */
  public static final String FILE = "writer.lock";

  /**
   * The lock files this process holds: asked about one of these, {@link #held} must not open the file
   * (closing any channel of a locked file may release the process's lock on it).
   */
  private static final java.util.Set<Path> MINE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code runDir}.
   *
   * @throws JournalException when another process (or this one) holds it: the run is being written
   */
  static RunLock acquire(Path runDir) throws IOException {
    Path file = key(runDir);
    FileLock lock = null;
    FileChannel ch = null;
    if (MINE.add(file)) {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        MINE.remove(file);
        ch.close();
      }
    }
    if (lock == null) {
      throw new JournalException(JournalException.Problem.WRITE_FAILED, "run " + runDir
          + " is being written by a live process (it holds " + runDir.resolve(FILE) + "): a run is written by one"
          + " process at a time; wait for it to end, or stop it first");
    }
    return new RunLock(file, ch, lock);
  }

  private static Path key(Path runDir) {
    return runDir.resolve(FILE).toAbsolutePath().normalize();
  }

  /**
   * Whether a process holds the lock of {@code runDir} now; empty for a run written before runs had a
   * lock file (then only its manifest and run id can tell).
   */
  public static Optional<Boolean> held(Path runDir) {
    Path file = key(runDir);
    if (MINE.contains(file)) {
      return Optional.of(true);
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return Optional.of(true);
      }
      lock.release();
      return Optional.of(false);
    } catch (OverlappingFileLockException e) {
      return Optional.of(true); // this process writes it
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the process ending releases it anyway
    } finally {
      MINE.remove(file);
    }
  }
}
