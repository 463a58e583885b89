package dev.weir.kafka;

import dev.weir.api.Sink;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.resume.ResumeFlows;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM for {@link KafkaResumeTest}: runs the resume tests' chain flow ({@link ResumeFlows#chain})
 * on {@link KafkaJournals}, or resumes a run of it by id. Prints {@code RUNNING <run id>} once the flow
 * runs, {@code AT <k>} when its sink {@code out} is handed its k-th input (the parent kills it there),
 * and {@code RESULT <state> <numbers emitted> <out received>} at the end, or {@code FAILED <state> <why>}.
 */
public final class KafkaResumeChild {

  private KafkaResumeChild() {}

  /** Args: bootstrap, n, k (0: never print AT), resumable, key ("-" for none), and the run id to resume or "-". */
  public static void main(String[] args) throws Exception {
    long n = Long.parseLong(args[1]);
    long k = Long.parseLong(args[2]);
    boolean resumable = Boolean.parseBoolean(args[3]);
    long[] handed = {0};
    Sink<Long> out = v -> {
      if (++handed[0] == k) {
        System.out.println("AT " + k);
        System.out.flush();
      }
    };
    KafkaJournals kafka = KafkaJournals.options().bootstrap(args[0]).replicationFactor(1)
        .key(args[4].equals("-") ? null : args[4].getBytes(StandardCharsets.UTF_8));
    FlowBuilder b = ResumeFlows.chain(n, resumable, () -> out, () -> v -> {}).builder().journals(kafka);
    if (!args[5].equals("-")) {
      b.resumeRun(args[5]);
    }
    FlowHandle h = b.start();
    System.out.println("RUNNING " + h.runId());
    System.out.flush();
    FlowResult r = h.await();
    if (r.failure().isPresent()) {
      System.out.println("FAILED " + r.state() + " " + r.failure().get().getMessage().replace('\n', ' '));
    } else {
      System.out.println("RESULT " + r.state() + " " + r.stage("numbers").emitted() + " " + r.stage("out").received());
    }
    System.out.flush();
  }
}
