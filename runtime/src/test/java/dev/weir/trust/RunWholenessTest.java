package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.app.Weir;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.DiskJournals;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A completed run whose journals were cut short or removed afterwards is not whole: {@code journal
 * verify} says which journal and what is missing, and a replay refuses it, with or without an HMAC key.
 */
class RunWholenessTest {

  @TempDir
  Path dir;

  private static final ElementType LONG = ElementType.of(Long.class);
  private static final byte[] KEY = "wholeness-key".getBytes(StandardCharsets.UTF_8);

  private static FlowDefinition flow() {
    return FlowDefinition.define("whole")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(3000, i -> i)))
        .stage(StageDefinition.transform("double", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long x) -> x * 2)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("numbers", "double", "out")
        .build();
  }

  private Path run(byte[] key) throws Exception {
    DiskJournals disk = Journals.disk(dir).durability(Durability.none()).segmentBytes(8192).key(key);
    FlowHandle h = flow().builder().journals(disk).start();
    FlowResult r = h.await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    Path runDir = h.journals().directory().orElseThrow();
    assertThat(verify(runDir, key)).startsWith("0\n").contains("no corruption, nothing missing");
    return runDir;
  }

  @Test
  void aDeletedJournalDirectory_isNamed_andTheRunIsNotReplayed() throws Exception {
    Path runDir = run(null);
    deleteTree(runDir.resolve("double.errors"));

    assertThat(verify(runDir, null)).startsWith("1\n").contains("journal double.errors: its directory")
        .contains("is missing");
    assertReplayRefused(runDir, null, "double.errors");
  }

  @Test
  void aMissingEndOfStream_orATruncatedLastRecord_isNamed() throws Exception {
    Path runDir = run(null);
    Path last = lastSegment(runDir.resolve("double.data"));
    List<Long> frames = frameStarts(last);
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.truncate(frames.get(frames.size() - 1)); // cut exactly the end-of-stream record: no torn tail
    }

    String out = verify(runDir, null);
    assertThat(out).startsWith("1\n").contains("journal double.data holds 3000 records, but the manifest says the run"
        + " ended with 3001: records 3001..3001 are missing");
    assertReplayRefused(runDir, null, "double.data");

    // without the manifest's counts (as an older manifest), the missing end of stream still shows
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(runDir.resolve(Manifest.FILE).toFile());
    m.remove("journals");
    json.writeValue(runDir.resolve(Manifest.FILE).toFile(), m);
    assertThat(verify(runDir, null)).startsWith("1\n")
        .contains("journal double.data of a completed run does not end with its end of stream (last record: seq 3000, DATA)");
  }

  @Test
  void aDeletedLastSegment_isNamed() throws Exception {
    Path runDir = run(null);
    Path last = lastSegment(runDir.resolve("out.data"));
    Files.delete(last);
    Files.deleteIfExists(last.resolveSibling(last.getFileName().toString().replace(".seg", ".idx")));

    assertThat(verify(runDir, null)).startsWith("1\n").contains("journal out.data holds")
        .contains("are missing (cut short or deleted)");
  }

  @Test
  void withAnHmacKey_cuttingABatchAndEditingTheManifestCounts_isCaughtByTheSeal() throws Exception {
    Path runDir = run(KEY);
    Path last = lastSegment(runDir.resolve("double.data"));
    List<Long> frames = frameStarts(last);
    // the last batch is the end of stream and its seal: cut both, so the HMAC chain itself is intact
    try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
      ch.truncate(frames.get(frames.size() - 2));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(runDir.resolve(Manifest.FILE).toFile());
    ((ObjectNode) m.get("journals")).put("double.data", 3000);
    json.writeValue(runDir.resolve(Manifest.FILE).toFile(), m);

    String out = verify(runDir, KEY);
    assertThat(out).startsWith("2\n").contains("does not end with its end of stream").contains("the manifest's seal does not match");
    assertReplayRefused(runDir, KEY, "double.data");
  }

  @Test
  void aManifestWithoutItsJournalCounts_andASystemJournalCutShort_areNamed() throws Exception {
    Path runDir = run(null);
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(runDir.resolve(Manifest.FILE).toFile());
    m.remove("journals");
    json.writeValue(runDir.resolve(Manifest.FILE).toFile(), m);
    assertThat(verify(runDir, null)).startsWith("1\n").contains("records no journal counts");
    assertReplayRefused(runDir, null, "records no journal counts");

    Path system = lastSegment(runDir.resolve("system"));
    List<Long> frames = frameStarts(system);
    try (FileChannel ch = FileChannel.open(system, StandardOpenOption.WRITE)) {
      ch.truncate(frames.get(frames.size() - 3)); // the run's last three system records
    }
    assertThat(verify(runDir, null)).startsWith("1\n").contains("journal system of a completed run does not end with"
        + " the run's end").contains("2 problems");
  }

  @Test
  void theJournalTool_saysInOneLineWhatIsNotARun() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), "journal", "verify", dir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("verify: " + dir + " is not a Weir run directory: it has no manifest.json");
  }

  @Test
  void theJournalTool_saysWhenARunDirectoryDoesNotExist() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path missing = dir.resolve("no-such-run");
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), "journal", "inspect", missing.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("inspect: " + missing + " does not exist or is not a directory ("
        + missing.toAbsolutePath().normalize() + ")");
  }

  @Test
  void aSealedRunWhoseManifestClaimsNoKey_isCaught_withTheKeyOrWithout() throws Exception {
    Path runDir = run(KEY);
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(runDir.resolve(Manifest.FILE).toFile());
    m.put("hmac", false);
    m.remove("seal");
    json.writeValue(runDir.resolve(Manifest.FILE).toFile(), m);

    assertThat(verify(runDir, null)).startsWith("1\n").contains("HMAC seals, but the manifest says the run was not sealed");
    assertThat(verify(runDir, KEY)).contains("a key was given, but the manifest says this run was not sealed");
    assertReplayRefused(runDir, KEY, "not sealed");
    assertReplayRefused(runDir, null, "HMAC seals");
  }

  private static void assertReplayRefused(Path runDir, byte[] key, String journal) throws Exception {
    FlowResult replay = flow().builder().journals(Journals.memory()).replayKey(key).replayFrom(runDir).start().await();
    assertThat(replay.state()).isEqualTo(FlowState.FAILED);
    assertThat(replay.failure().orElseThrow().getMessage()).contains("cannot replay").contains("it is not whole")
        .contains(journal);
  }

  /** The exit code, a newline, then what {@code journal verify} printed (with a key: the problems RunArchive.verify found). */
  private static String verify(Path runDir, byte[] key) throws Exception {
    if (key != null) {
      List<RunArchive.JournalCheck> checks = RunArchive.verify(runDir, key);
      List<String> problems = checks.stream().filter(c -> !c.ok()).map(c -> c.problem().orElseThrow()).toList();
      return (problems.isEmpty() ? "0\nno corruption, nothing missing" : problems.size() + "\n" + String.join("\n", problems));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), "journal", "verify", runDir.toString());
    return code + "\n" + out + err;
  }

  private static Path lastSegment(Path journalDir) throws Exception {
    try (Stream<Path> s = Files.list(journalDir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).max(Comparator.naturalOrder()).orElseThrow();
    }
  }

  /**
   * Where each frame (record or seal) of a segment starts, in journal format 2: a 4-byte segment
   * header, then frames of a head byte, the seq's low byte, a varint body length, the body and a
   * 4-byte CRC.
   */
  private static List<Long> frameStarts(Path segment) throws Exception {
    byte[] b = Files.readAllBytes(segment);
    List<Long> out = new ArrayList<>();
    int at = 4;
    while (at < b.length) {
      out.add((long) at);
      int pos = at + 2;
      long body = 0;
      for (int shift = 0; ; shift += 7) {
        int v = b[pos++] & 0xFF;
        body |= (long) (v & 0x7F) << shift;
        if ((v & 0x80) == 0) {
          break;
        }
      }
      at = (int) (pos + body + 4);
    }
    return out;
  }

  private static void deleteTree(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
