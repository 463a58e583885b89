package dev.weir.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Segment files that can lose power: each one records how long it was at its last {@code force()}
 * (what a power cut keeps for sure) and how much was written. After {@link #cut()} nothing more
 * counts as written or synced (a thread that sees the cut has its later writes and syncs lost), so
 * the recorded lengths are a state the disk could really be in when the power went; an event a
 * reader saw after the cut was published after its writer saw the cut. {@link #applyTo} then
 * truncates every file to what survives.
 */
final class PowerCutFaults implements FileFaults {

  private final Map<Path, Tracked> files = new ConcurrentHashMap<>();
  private volatile boolean cut;

  @Override
  public FileChannel open(Path file) throws IOException {
    Tracked t = new Tracked(FileFaults.NONE.open(file));
    files.put(file, t);
    return t;
  }

  /** The power goes off now. */
  void cut() {
    cut = true;
  }

  boolean isCut() {
    return cut;
  }

  /**
   * Truncates every segment file to what survived the cut: its last synced length plus, for each
   * file, a seeded share of what was written after that sync and only sat in the page cache
   * ({@code writeback} false: none of it, the worst case). A share may end inside a record.
   * Returns the files, each with its length before and after.
   */
  List<String> applyTo(long seed, boolean writeback) throws IOException {
    if (!cut) {
      throw new IllegalStateException("apply a power cut only after it happened");
    }
    Random random = new Random(seed);
    List<String> report = new ArrayList<>();
    List<Path> paths = new ArrayList<>(files.keySet());
    paths.sort(Comparator.naturalOrder());
    for (Path p : paths) {
      Tracked t = files.get(p);
      long unsynced = Math.max(0, t.written - t.forced);
      long keep = t.forced + (writeback && unsynced > 0 ? (long) (random.nextDouble() * (unsynced + 1)) : 0);
      keep = Math.min(keep, t.written);
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        report.add(p.getParent().getFileName() + "/" + p.getFileName() + " " + ch.size() + " -> " + keep
            + " (synced " + t.forced + ")");
        ch.truncate(keep);
      }
    }
    return report;
  }

  /** A channel that counts what was written and synced before the cut. */
  private final class Tracked extends DelegatingChannel {

    private volatile long written;
    private volatile long forced;

    Tracked(FileChannel delegate) {
      super(delegate);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = delegate.write(src);
      if (!cut) {
        written = delegate.position();
      }
      return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      long length = delegate.size(); // everything written so far reaches the disk with this sync
      delegate.force(metaData);
      if (!cut) {
        forced = length;
      }
    }
  }
}
