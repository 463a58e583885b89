package flows.settings;

import dev.weir.flow.FlowDefinition;

class CallsMissingDefinition {
  static FlowDefinition definition() {
    return NeedsDependencyFlow.definition();
  }
}
