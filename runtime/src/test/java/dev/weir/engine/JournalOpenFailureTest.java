package dev.weir.engine;

import dev.weir.flow.Journals;
import dev.weir.journal.FaultInjectingJournals;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.DiskJournals;
import dev.weir.journal.FileFaults;
import dev.weir.journal.Manifest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose journals cannot be opened throws at start and leaves nothing open; closed journals stay closed. */
class JournalOpenFailureTest {

  @TempDir Path dir;

  private static FlowDefinition threeStages() {
    return flow("openfail")
        .stage(source("src", Sources.range(100, i -> i)))
        .stage(transform("pass", Transforms.map((Long x) -> x)))
        .stage(sink("out", x -> {}))
        .chain("src", "pass", "out")
        .build();
  }

  private static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** Fails to open the 5th segment file it is asked for. */
  private static FileFaults failingFifthOpen() {
    AtomicInteger opens = new AtomicInteger();
    return new FileFaults() {
      @Override
      public FileChannel open(Path file) throws IOException {
        if (opens.incrementAndGet() == 5) {
          throw new IOException("injected: cannot open " + file.getFileName());
        }
        return FileFaults.super.open(file);
      }
    };
  }

  private void startFailing(Path root) {
    Journals journals = new FaultInjectingJournals(Journals.disk(root), failingFifthOpen());
    assertThatThrownBy(() -> threeStages().builder().journals(journals).start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("cannot open the journals of flow 'openfail'")
        .hasMessageContaining("injected: cannot open");
  }

  @Test
  void journalCreationFailure_throwsFlowException_closesWhatWasOpened_andManifestSaysFailed() throws Exception {
    startFailing(dir.resolve("warmup")); // loads the classes (and jars) this path needs
    long before = openFds();
    startFailing(dir.resolve("measured"));
    long after = openFds();

    // other tests' unreachable channels may be closed by their cleaners meanwhile: fewer is fine, more is a leak
    assertThat(after).as("open file descriptors after a failed start").isLessThanOrEqualTo(before);
    List<Path> runs;
    try (Stream<Path> s = Files.list(dir.resolve("measured").resolve("openfail"))) {
      runs = s.toList();
    }
    assertThat(runs).hasSize(1);
    Manifest m = Manifest.read(runs.get(0));
    assertThat(m.status()).isEqualTo("FAILED");
    assertThat(Files.readString(runs.get(0).resolve(Manifest.FILE))).contains("injected: cannot open");
  }

  @Test
  void readingAJournalAfterClose_leavesNoFileOpen() throws Exception {
    FlowHandle h = threeStages().builder().journals(Journals.disk(dir)).start();
    FlowResult r = h.await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(h.journals().data("src").readAll()).hasSize(101); // warm-up: decoding classes are loaded

    long before = openFds();
    assertThat(h.journals().data("pass").readAll()).hasSize(101);
    assertThat(h.journals().data("pass").read(50, 10)).hasSize(10);
    long after = openFds();

    assertThat(after).as("open file descriptors after reading closed journals").isLessThanOrEqualTo(before);
  }
}
