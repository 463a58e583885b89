package dev.weir.replay;

import dev.weir.flow.Codec;
import dev.weir.event.CodecRegistry;
import dev.weir.event.JsonCodec;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.Upcaster;
import dev.weir.journal.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the event types an archived run journaled (name and {@code @EventType} version, per
 * stage, from its manifest) with those of the flow that would replay or verify it. A different
 * event name, a newer archive, or an older one without an upcaster for every version step is a
 * problem naming the stage and both types; an older one with upcasters gets a decoder that
 * upcasts each archived payload.
 *
 * @param problems what keeps the archive from being read as this flow's types
 * @param decoders for stages whose archived payloads are upcast: the decoder, by stage name
 */
public record ArchiveTypes(List<String> problems, Map<String, Codec<Object>> decoders) {

  /** Checks {@code manifest}'s types against {@code definition}'s. */
  public static ArchiveTypes check(Manifest manifest, FlowDefinition definition, CodecRegistry codecs) {
    codecs = codecs.withPayloadFormat(manifest.payloadFormatOrJson()); // decode what the archive holds
    List<String> problems = new ArrayList<>();
    Map<String, Codec<Object>> decoders = new HashMap<>();
    for (StageDefinition s : definition.stages()) {
      Optional<Manifest.StageEntry> archived = manifest.stage(s.name());
      if (archived.isEmpty() || archived.get().output() == null || s.output().isNone()) {
        continue; // a missing stage is reported elsewhere; sinks journal no payloads
      }
      Manifest.TypeEntry was = archived.get().output();
      ElementType now = s.output();
      String then = "'" + was.event() + "' v" + was.version();
      String current = "'" + now.eventName() + "' v" + now.eventVersion();
      if (!was.event().equals(now.eventName())) {
        problems.add("stage '" + s.name() + "' journaled event " + then + " (" + was.type() + ") in that run but now emits "
            + current + " (" + now.typeName() + "): a different event type, which the archive cannot be read as");
      } else if (was.version() > now.eventVersion()) {
        problems.add("stage '" + s.name() + "' journaled event " + then + " in that run, newer than the " + current
            + " it emits now: replay it with the flow version that wrote it");
      } else if (was.version() < now.eventVersion()) {
        List<Upcaster> chain = new ArrayList<>();
        for (int v = was.version(); v < now.eventVersion(); v++) {
          Optional<Upcaster> u = definition.upcaster(now.eventName(), v);
          if (u.isEmpty()) {
            problems.add("stage '" + s.name() + "' journaled event " + then + " in that run, but emits " + current
                + " now, and no upcaster turns v" + v + " into v" + (v + 1) + ": register one with"
                + " definition.withUpcaster(\"" + now.eventName() + "\", " + v + ", node -> ...)");
            chain = null;
            break;
          }
          chain.add(u.get());
        }
        if (chain != null) {
          if (!(codecs.codecFor(now) instanceof JsonCodec)) {
            problems.add("stage '" + s.name() + "': upcasting from " + then + " needs JSON payloads, but " + now.typeName()
                + " has its own codec");
          } else {
            decoders.put(s.name(), new UpcastingCodec(codecs.mapper(), codecs.treeReader(), now.type(), chain,
                "event " + then + " of stage '" + s.name() + "' to v" + now.eventVersion()));
          }
        }
      }
    }
    return new ArchiveTypes(List.copyOf(problems), Map.copyOf(decoders));
  }
}
