package dev.weir.journal;

import dev.weir.flow.Journals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that failed because a journal could not be written or synced is an honest failed run: its
 * manifest does not claim counts or a seal that the files cannot match, so it verifies (the failed
 * journal's tail aside) and replays with allowIncomplete, instead of looking tampered with.
 */
class FailedRunVerifyTest {

  @TempDir
  Path tmp;

  private static final byte[] KEY = "failed-run-key".getBytes(StandardCharsets.UTF_8);
  private static final ElementType LONG = ElementType.of(Long.class);

  private static FlowDefinition flow() {
    return FlowDefinition.define("failing")
        .stage(StageDefinition.source("src", LONG, f -> Sources.range(50_000, i -> i)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("src", "out")
        .build();
  }

  private static List<String> problems(Path runDir, byte[] key) throws IOException {
    return RunArchive.verify(runDir, key).stream().filter(c -> !c.ok()).map(c -> c.problem().orElseThrow()).toList();
  }

  @Test
  void aSealedRunThatRanOutOfSpace_verifiesAsFailed_notAsTampered() throws Exception {
    FileFaults smallDisk = new FileFaults() {
      @Override
      public FileChannel open(Path file) throws IOException {
        FileChannel real = FileFaults.NONE.open(file);
        return file.getParent().getFileName().toString().equals("src.data") ? new FullDiskChannel(real, 100_000) : real;
      }
    };
    FlowHandle h = flow().builder()
        .journals(new FaultInjectingJournals(Journals.disk(tmp).durability(Durability.none()).key(KEY), smallDisk)).start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("No space left on device");
    Path runDir = h.journals().directory().orElseThrow();
    assertThat(Manifest.read(runDir).journals()).containsEntry("src.data", Manifest.UNKNOWN_COUNT);
    assertThat(problems(runDir, KEY)).isEmpty();
  }

  @Test
  void aRunWhoseSyncFailed_verifiesAsFailed() throws Exception {
    FileFaults failingSync = new FileFaults() {
      @Override
      public void beforeSync(String journalId) throws IOException {
        if (journalId.equals("out.data")) {
          throw new IOException("Input/output error");
        }
      }
    };
    FlowHandle h = flow().builder()
        .journals(new FaultInjectingJournals(Journals.disk(tmp).durability(Durability.batch()), failingSync)).start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    Path runDir = h.journals().directory().orElseThrow();
    assertThat(Manifest.read(runDir).journals()).containsEntry("out.data", Manifest.UNKNOWN_COUNT);
    assertThat(problems(runDir, null)).isEmpty();
  }
}
