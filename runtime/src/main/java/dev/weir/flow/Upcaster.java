package dev.weir.flow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one archived JSON payload of an event type at one version into the same payload at the
 * next version, so that a run journaled before an {@code @EventType} version change can still be
 * replayed. Register it with {@link FlowDefinition#withUpcaster}; a chain of them carries a payload
 * across several versions. Upcasters apply to JSON payloads (the default codec).
 */
@FunctionalInterface
public interface Upcaster {

  /** The payload at version {@code from + 1}, from the payload at version {@code from}; {@code previous} may be changed and returned. */
  JsonNode upcast(JsonNode previous) throws Exception;
}
