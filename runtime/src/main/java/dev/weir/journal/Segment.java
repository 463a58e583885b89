package dev.weir.journal;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One file of a journal: the records from {@code firstSeq} on, with a sparse index of
 * (seq, offset) pairs written by the journal's one writer and read by any thread.
 */
final class Segment {

  static final String SUFFIX = ".seg";
  static final String INDEX_SUFFIX = ".idx";

  final long firstSeq;
  final Path file;
  private long[] seqs = new long[64];
  private long[] offsets = new long[64];
  private volatile int count;

  Segment(long firstSeq, Path file) {
    this.firstSeq = firstSeq;
    this.file = file;
  }

  static String fileName(long firstSeq) {
    return String.format("%020d", firstSeq) + SUFFIX;
  }

  Path indexFile() {
    return file.resolveSibling(file.getFileName().toString().replace(SUFFIX, INDEX_SUFFIX));
  }

  /** Writer only: notes that record {@code seq} starts at {@code offset}. */
  void index(long seq, long offset) {
    int n = count;
    if (n == seqs.length) {
      seqs = Arrays.copyOf(seqs, n * 2);
      offsets = Arrays.copyOf(offsets, n * 2);
    }
    seqs[n] = seq;
    offsets[n] = offset;
    count = n + 1;
  }

  /** The position in the index of the last indexed record at or before {@code seq}, or -1 when there is none. */
  int floorIndex(long seq) {
    int n = count;
    long[] s = seqs;
    int lo = 0;
    int hi = n - 1;
    int best = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (s[mid] <= seq) {
        best = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }

  /** Writer only, before it appends: forgets the index entries of records after {@code lastSeq} (cut off). */
  void truncateIndex(long lastSeq) {
    int n = count;
    while (n > 0 && seqs[n - 1] > lastSeq) {
      n--;
    }
    count = n;
  }

  int indexSize() {
    return count;
  }

  long indexSeq(int i) {
    return seqs[i];
  }

  long indexOffset(int i) {
    return offsets[i];
  }
}
