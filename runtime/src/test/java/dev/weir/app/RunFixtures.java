package dev.weir.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import dev.weir.testing.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Real run directories for the housekeeping tests: completed, failed, cancelled, live, crashed, aged. */
final class RunFixtures {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ElementType LONG = ElementType.of(Long.class, "n", 1);

  private RunFixtures() {}

  /** A flow named {@code name}: {@code n} numbers into a sink. */
  static FlowDefinition counting(String name, long n) {
    return FlowDefinition.define(name)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("numbers", "out")
        .build();
  }

  /** Emits 5 numbers, then fails. */
  static final class FailingSource implements Source<Long> {
    private long n;

    @Override
    public boolean next(Emitter<Long> out) {
      if (n >= 5) {
        throw new IllegalStateException("the source broke");
      }
      out.emit(n++);
      return true;
    }
  }

  /** A run of {@code def} on disk under {@code root}, ended as it ends; its run directory. */
  static Path run(Path root, FlowDefinition def, FlowState expected) throws Exception {
    FlowHandle h = def.builder().journals(Journals.disk(root).durability(Durability.none())).start();
    FlowResult r = h.await();
    if (r.state() != expected) {
      throw new AssertionError("expected " + expected + ": " + r);
    }
    return h.journals().directory().orElseThrow();
  }

  static Path completed(Path root, String flow, long n) throws Exception {
    return run(root, counting(flow, n), FlowState.COMPLETED);
  }

  static Path failed(Path root, String flow) throws Exception {
    FlowDefinition def = FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> new FailingSource()))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("numbers", "out")
        .build();
    return run(root, def, FlowState.FAILED);
  }

  /** A flow that runs until stopped, started on disk; its handle once its sink consumed events. */
  static FlowHandle endless(Path root, String flow) throws InterruptedException {
    AtomicLong seen = new AtomicLong();
    FlowDefinition def = FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.infinite(i -> i)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {
          seen.incrementAndGet();
          Thread.sleep(1);
        }))
        .chain("numbers", "out")
        .build();
    FlowHandle h = def.builder().journals(Journals.disk(root).durability(Durability.none())).start();
    Await.until("the sink to take events", () -> seen.get() > 10);
    return h;
  }

  static Path cancelled(Path root, String flow) throws Exception {
    FlowHandle h = endless(root, flow);
    h.stop(StopMode.CANCEL, "on test");
    if (h.await().state() != FlowState.CANCELLED) {
      throw new AssertionError("not cancelled");
    }
    return h.journals().directory().orElseThrow();
  }

  /** The pid of a process that has exited. */
  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("true did not exit");
    }
    long pid = p.pid();
    Await.until("pid " + pid + " to be gone", () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    return pid;
  }

  /**
   * A copy of the ended run {@code like} in its flow's directory, as a run whose process (a pid that
   * is gone) was killed: its manifest says RUNNING and has no end; its directory.
   */
  static Path crashedCopy(Path like, Instant started) throws Exception {
    String runId = "20200101T000000Z-" + deadPid() + "-1";
    Path dir = like.resolveSibling(runId);
    copy(like, dir);
    edit(dir, m -> {
      m.put("runId", runId).put("status", "RUNNING").put("created", started.toString());
      m.remove("ended");
      m.remove("detail");
      m.remove("journals");
      m.remove("seal");
    });
    return dir;
  }

  /** Sets the run's start time in its manifest. */
  static void started(Path runDir, Instant when) throws IOException {
    edit(runDir, m -> m.put("created", when.toString()));
  }

  interface Edit {
    void apply(ObjectNode manifest);
  }

  static void edit(Path runDir, Edit edit) throws IOException {
    Path file = runDir.resolve(Manifest.FILE);
    ObjectNode m = (ObjectNode) JSON.readTree(file.toFile());
    edit.apply(m);
    JSON.writeValue(file.toFile(), m);
  }

  static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(d)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Files.copy(f, to.resolve(from.relativize(f)));
        return FileVisitResult.CONTINUE;
      }
    });
  }

  record Run(int code, String out, String err) {}

  /** {@code weir} with {@code args}. */
  static Run tool(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }
}
