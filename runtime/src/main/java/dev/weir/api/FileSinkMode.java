package dev.weir.api;

/** How a file sink ({@link Sinks#csv}, {@link Sinks#jsonLines}) treats a file that is already there. */
public enum FileSinkMode {
  /**
   * Writes a new file next to the target (a hidden temporary file in the same directory) and, once
   * the sink's input ended, renames it over the target in one atomic step: a reader sees the old file
   * or the whole new one, never half of it. A failed or cancelled run deletes the temporary file and
   * leaves the target as it was.
   */
  REPLACE,
  /**
   * Appends to the target (creating it when absent): each batch's rows are written when the batch is
   * flushed, so the file grows by whole batches; a failed or cancelled run leaves what it flushed
   * (and receipted) and nothing of the batch it was in.
   */
  APPEND
}
