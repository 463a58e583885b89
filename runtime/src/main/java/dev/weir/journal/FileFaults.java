package dev.weir.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file operations of disk journals that tests can make fail (a full disk, a failing sync):
 * below the API, so that the flow's reaction is real.
 */
public interface FileFaults {

  /** Real files, no faults. */
  FileFaults NONE = new FileFaults() {};

  /** Opens a new segment file for writing. */
  default FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  /** Called before each sync of journal {@code journalId}; throw to make it fail. */
  default void beforeSync(String journalId) throws IOException {}
}
