package dev.weir.test;

import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.List;

/** Finds a flow's stage by name, or says which stages the flow has. */
final class FlowStages {

  private FlowStages() {}

  /** The stage named {@code stage}; an unknown name throws, listing the flow's stages (and the closest one). */
  static StageDefinition find(FlowDefinition definition, String stage) {
    java.util.Objects.requireNonNull(stage, "stage");
    return definition.stage(stage).orElseThrow(() -> new IllegalArgumentException(unknown(definition, stage)));
  }

  static String unknown(FlowDefinition definition, String stage) {
    List<String> names = definition.stages().stream().map(StageDefinition::name).toList();
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String n : names) {
      int d = editDistance(n, stage);
      if (d < best) {
        best = d;
        closest = n;
      }
    }
    String hint = closest != null && best <= Math.max(2, stage.length() / 3) ? "; did you mean '" + closest + "'?" : "";
    return "flow '" + definition.name() + "' has no stage '" + stage + "'; its stages: " + names + hint;
  }

  static List<String> namesOf(FlowDefinition definition, StageKind kind) {
    return definition.stages().stream().filter(s -> s.kind() == kind).map(StageDefinition::name).toList();
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
