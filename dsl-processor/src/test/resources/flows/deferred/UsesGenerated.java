package flows.deferred;

import dev.weir.api.*;
import dev.weir.dsl.*;

/** Payload and Names are written by another processor in the first round. */
@Flow(topology = {Names.TOPOLOGY})
class UsesGenerated {
  @Stage Source<Payload> payloads() { return out -> false; }
  @Stage Sink<Payload> printed() { return Sinks.discard(); }
}
