package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;

/** One compile-time rule: reports what breaks it, in catalog messages. */
interface Rule {

  void check(RuleContext context, ErrorReporter reporter);

  /**
   * Whether the rule judges the graph as a whole (reachability, cycles), which is only meaningful
   * when every statement parsed and every name and stage resolved.
   */
  default boolean needsCompleteGraph() {
    return false;
  }
}
