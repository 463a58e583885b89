package dev.weir.resume;

import dev.weir.api.Sink;
import dev.weir.flow.Durability;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.Journals;
import dev.weir.journal.CrashChild;
import dev.weir.journal.FaultInjectingJournals;
import java.nio.file.Path;

/**
 * A child JVM for {@link ResumeKillTest}: runs {@link ResumeFlows#chain}, or resumes a run of it, on
 * disk journals whose writes go to the file a piece at a time (so that a kill often lands inside one
 * and leaves a torn tail). Prints {@code RUNNING <run dir>} once the flow runs, {@code AT <k>} when its
 * sink {@code out} is handed its k-th input (the parent kills it there), and {@code RESULT <state>
 * <numbers emitted> <out received> <priced calls>} at the end, or {@code FAILED <why>}.
 */
public final class ResumeKillChild {

  private ResumeKillChild() {}

  /** Args: journal root, durability, n, k (0: never print AT), resumable, and the run dir to resume or "-". */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Durability durability = Durability.parse(args[1]);
    long n = Long.parseLong(args[2]);
    long k = Long.parseLong(args[3]);
    boolean resumable = Boolean.parseBoolean(args[4]);
    long[] handed = {0};
    Sink<Long> out = v -> {
      if (++handed[0] == k) {
        System.out.println("AT " + k);
        System.out.flush();
      }
    };
    FlowBuilder b = ResumeFlows.chain(n, resumable, () -> out, () -> v -> {}).builder()
        .journals(new FaultInjectingJournals(Journals.disk(root).durability(durability).segmentBytes(256 << 10),
            new CrashChild.PiecewiseWrites()));
    if (!args[5].equals("-")) {
      b.resumeFrom(Path.of(args[5]));
    }
    FlowHandle h = b.start();
    System.out.println("RUNNING " + h.journals().directory().orElseThrow());
    System.out.flush();
    FlowResult r = h.await();
    if (r.failure().isPresent()) {
      System.out.println("FAILED " + r.state() + " " + r.failure().get().getMessage().replace('\n', ' '));
    } else {
      System.out.println("RESULT " + r.state() + " " + r.stage("numbers").emitted() + " " + r.stage("out").received()
          + " " + ResumeFlows.PRICED_CALLS.get());
    }
    System.out.flush();
  }
}
