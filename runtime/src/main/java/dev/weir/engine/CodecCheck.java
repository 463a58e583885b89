package dev.weir.engine;

import dev.weir.flow.Codec;
import dev.weir.event.CodecRegistry;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks, before the first event, that every element type a stage emits round-trips through its
 * codec: a journal that cannot bring a payload back as it was written would verify and replay
 * something else than what ran.
 */
final class CodecCheck {

  private CodecCheck() {}

  /** One problem per stage output that would not come back as written, naming the stage, the type and the fix. */
  static List<String> problems(FlowDefinition def, CodecRegistry codecs) {
    List<String> out = new ArrayList<>();
    Set<java.lang.reflect.Type> checked = new HashSet<>();
    for (StageDefinition s : def.stages()) {
      if (s.output().isNone()) {
        continue;
      }
      Codec<Object> codec = codecs.codecFor(s.output());
      List<String> found = codec.problems();
      if (!found.isEmpty() && checked.add(s.output().type())) {
        out.add("stage '" + s.name() + "' emits " + s.output().typeName() + ", which its journal could not bring back as"
            + " written (" + codec + "): " + String.join("; ", found));
      } else if (!found.isEmpty()) {
        out.add("stage '" + s.name() + "' emits " + s.output().typeName() + " (see above)");
      }
    }
    return out;
  }
}
