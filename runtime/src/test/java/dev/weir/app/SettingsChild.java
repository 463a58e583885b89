package dev.weir.app;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;

/**
 * A flow configured by its settings, for {@link SettingsOptionTest} and, as a child JVM's main class,
 * {@link SettingsReplayInNewJvmTest}: its source emits {@code items.count} items (default 5) labelled
 * {@code items.label} (default {@code item}), each carrying the length of the secret {@code api.key}
 * (0 without one), and its transform appends the system property {@code weir.test.note}.
 */
public final class SettingsChild {

  private SettingsChild() {}

  /** An item: its number, its label, the length of the secret the flow read, and a note from the JVM. */
  public record Labeled(long n, String label, int secretLength, String note) {}

  /** The flow object: made from each run's settings. */
  static final class Configured {
    final int count;
    final String label;
    final int secretLength;

    Configured(FlowSettings settings) {
      this.count = settings.getInt("items.count", 5);
      this.label = settings.get("items.label", "item");
      this.secretLength = settings.get("api.key", "").length();
    }
  }

  static FlowDefinition flow() {
    ElementType labeled = ElementType.of(Labeled.class, "labeled", 1);
    return FlowDefinition.define("configured", settings -> new Configured(settings))
        .stage(StageDefinition.source("items", labeled, f -> {
          Configured c = (Configured) f;
          return Sources.range(c.count, i -> new Labeled(i, c.label, c.secretLength, ""));
        }))
        .stage(StageDefinition.transform("noted", StageKind.TRANSFORM, labeled, labeled,
            f -> Transforms.map((Labeled l) -> new Labeled(l.n(), l.label(), l.secretLength(),
                System.getProperty("weir.test.note", "-")))))
        .stage(StageDefinition.sink("out", labeled, f -> (Sink<Labeled>) x -> {}))
        .chain("items", "noted", "out")
        .build();
  }

  /** A flow whose settings have no defaults: {@code items.count} must be given. */
  static FlowDefinition strictFlow() {
    ElementType labeled = ElementType.of(Labeled.class, "labeled", 1);
    return FlowDefinition.define("strict", settings -> settings.getInt("items.count"))
        .stage(StageDefinition.source("items", labeled,
            f -> Sources.range((Integer) f, i -> new Labeled(i, "", 0, ""))))
        .stage(StageDefinition.sink("out", labeled, f -> (Sink<Labeled>) x -> {}))
        .chain("items", "out")
        .build();
  }

  /** The options of {@link FlowApplication}. */
  public static void main(String[] args) {
    FlowApplication.run(flow(), args);
  }
}
