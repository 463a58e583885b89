package dev.weir.processor.diag;

/**
 * The stable codes every Weir diagnostic starts with. Users search for them in
 * {@code docs/diagnostics.md}; tests match on them; never rename one.
 */
public enum Code {
  SYNTAX("WEIR-SYNTAX"),
  UNKNOWN_STAGE("WEIR-UNKNOWN-STAGE"),
  DUPLICATE_STAGE("WEIR-DUPLICATE-STAGE"),
  DUPLICATE_EDGE("WEIR-DUPLICATE-EDGE"),
  NOT_A_STAGE("WEIR-NOT-A-STAGE"),
  TYPE_MISMATCH("WEIR-TYPE-MISMATCH"),
  SOURCE_INPUT("WEIR-SOURCE-INPUT"),
  SINK_OUTPUT("WEIR-SINK-OUTPUT"),
  UNCONNECTED("WEIR-UNCONNECTED"),
  JOIN_INPUTS("WEIR-JOIN-INPUTS"),
  CYCLE("WEIR-CYCLE"),
  MIDDLEWARE("WEIR-MIDDLEWARE"),
  FLOW_CLASS("WEIR-FLOW-CLASS"),
  FLOW_CONFIG("WEIR-FLOW-CONFIG"),
  STAGE_CONFIG("WEIR-STAGE-CONFIG"),
  MISSING_TYPE("WEIR-MISSING-TYPE"),
  CLASSPATH("WEIR-CLASSPATH"),
  INTERNAL("WEIR-INTERNAL");

  private final String id;

  Code(String id) {
    this.id = id;
  }

  /** The bare code, for example {@code WEIR-CYCLE}. */
  public String id() {
    return id;
  }

  /** The code as messages start with it, for example {@code [WEIR-CYCLE]}. */
  public String tag() {
    return "[" + id + "]";
  }
}
