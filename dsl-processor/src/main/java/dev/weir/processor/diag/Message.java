package dev.weir.processor.diag;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every message the processor prints, in one place. Each starts with its stable {@link Code}, says
 * what is wrong in the user's words and how to fix it. Tests format these same constants.
 */
public enum Message {
  TOPOLOGY_SYNTAX(Code.SYNTAX,
      "topology[%d], column %d: expected %s, found %s\n    %s\n    %s^"),
  STAGE_NAME_SYNTAX(Code.SYNTAX,
      "@Stage(name = \"%s\") on %s() is not a Java identifier, so no topology statement can name it;"
          + " use a name made of letters, digits and '_'"),

  UNKNOWN_STAGE(Code.UNKNOWN_STAGE,
      "topology[%d] names '%s', which is not a stage of %s%s"),
  UNKNOWN_REFERENCE(Code.UNKNOWN_STAGE,
      "@Stage(reference = \"%s\") on %s() names no stage of %s%s"),

  DUPLICATE_STAGE(Code.DUPLICATE_STAGE,
      "stage name '%s' is used by both %s() and %s(); give one of them another name with @Stage(name = \"...\")"),

  DUPLICATE_EDGE(Code.DUPLICATE_EDGE,
      "\"%s\" connects '%s' to '%s', which \"%s\" already does; an edge is either '|>' or '<|', keep one"),

  NOT_A_STAGE_TYPE(Code.NOT_A_STAGE,
      "%s() returns %s, which is not a stage type; a @Stage method returns Source, Transform, AsyncTransform,"
          + " Stateful, Join or Sink (from dev.weir.api), or a type that implements one of them"),
  NOT_A_STAGE_RAW(Code.NOT_A_STAGE,
      "%s() returns the raw type %s; give the type arguments of %s, for example %s"),
  NOT_A_STAGE_AMBIGUOUS(Code.NOT_A_STAGE,
      "%s() returns %s, which implements %s; a stage handler implements exactly one stage interface"),
  NOT_A_STAGE_TYPE_VARIABLE(Code.NOT_A_STAGE,
      "%s() returns %s: its %s type %s uses a type variable; a stage's element types must be concrete"),
  NOT_A_STAGE_WILDCARD(Code.NOT_A_STAGE,
      "%s() returns %s: its %s type is the wildcard %s, which names no type Weir can check edges against;"
          + " write a concrete type"),
  NOT_A_STAGE_INACCESSIBLE(Code.NOT_A_STAGE,
      "%s() returns %s: its %s type %s is not visible from package %s, so the generated %s cannot name it;"
          + " make it package-private or public"),
  NOT_A_STAGE_PARAMETERS(Code.NOT_A_STAGE,
      "%s() has parameters; a @Stage method takes none (the generated %s calls it without arguments)"),
  NOT_A_STAGE_PRIVATE(Code.NOT_A_STAGE,
      "%s() is private; the generated %s calls it, so make it package-private or public"),
  NOT_A_STAGE_STATIC(Code.NOT_A_STAGE,
      "%s() is static; a @Stage method is an instance method of the flow class"),
  NOT_A_STAGE_OUTSIDE_FLOW(Code.NOT_A_STAGE,
      "%s() is in %s, which has no @Flow, so it is no stage of any flow; put it in the @Flow class (inherited"
          + " and nested-class methods do not count) or remove its @Stage"),
  NOT_A_STAGE_GENERIC(Code.NOT_A_STAGE,
      "%s() declares type parameters; a @Stage method is not generic, its element types must be concrete"),

  TYPE_MISMATCH(Code.TYPE_MISMATCH,
      "%s: '%s' emits %s, but %s of '%s' is %s; make the types agree or put a transform between them"),

  SOURCE_INPUT(Code.SOURCE_INPUT,
      "%s: '%s' is a source and takes no input; a source can only start an edge"),
  SINK_OUTPUT(Code.SINK_OUTPUT,
      "%s: '%s' is a sink and emits nothing; a sink can only end an edge"),

  UNCONNECTED_ISOLATED(Code.UNCONNECTED,
      "stage '%s' has no edges; connect it in @Flow(topology) or remove its @Stage"),
  UNCONNECTED_UNREACHED(Code.UNCONNECTED,
      "no source reaches stage '%s'; add an edge into it from a path that starts at a source"),
  UNCONNECTED_DEAD_END(Code.UNCONNECTED,
      "stage '%s' reaches no sink, so what it emits goes nowhere; add an edge from it toward a sink"),
  UNCONNECTED_BOTH(Code.UNCONNECTED,
      "stage '%s' is reached by no source and reaches no sink; connect it between a source and a sink"),

  JOIN_NO_REFERENCE(Code.JOIN_INPUTS,
      "join '%s' has no reference input; add @Stage(reference = \"<stage>\") to %s() or write"
          + " \"(<reference>, <stream>) |> %s\""),
  JOIN_NO_STREAM(Code.JOIN_INPUTS,
      "join '%s' has no stream input; add an edge such as \"<stream> |> %s\""),
  JOIN_REFERENCE_DISAGREES(Code.JOIN_INPUTS,
      "topology[%d] makes '%s' the reference input of join '%s', but @Stage(reference = \"%s\") on %s() says"
          + " '%s'; a join has exactly one reference input"),
  JOIN_SECOND_REFERENCE(Code.JOIN_INPUTS,
      "topology[%d] makes '%s' the reference input of join '%s', but topology[%d] already made it '%s';"
          + " a join has exactly one reference input"),
  JOIN_REFERENCE_ALSO_STREAM(Code.JOIN_INPUTS,
      "%s: '%s' is the reference input of join '%s' and cannot also be its stream input"),
  JOIN_HEAD_ON_NON_JOIN(Code.JOIN_INPUTS,
      "topology[%d] writes \"(%s, %s) |> %s\", but '%s' is %s, not a Join; only a Join has a reference input"),
  REFERENCE_ON_NON_JOIN(Code.JOIN_INPUTS,
      "@Stage(reference = \"%s\") on %s(): '%s' is %s, not a Join; only a Join has a reference input"),

  CYCLE_FORWARD_ONLY(Code.CYCLE,
      "cycle %s is made only of '|>' edges; write the edge that closes it as a backflow edge: \"%s <| %s\""),
  CYCLE_NON_TRANSFORM(Code.CYCLE,
      "cycle %s passes through '%s', %s; only Transform stages may form a cycle"),
  CYCLE_ENTRY_POINTS(Code.CYCLE,
      "cycle %s is entered at %d stages (%s); a cycle has exactly one entry point, so feed it through one stage"),
  BACKFLOW_CLOSES_NO_CYCLE(Code.CYCLE,
      "\"%s\" closes no cycle: '%s' does not reach '%s'; a backflow edge leads back into a cycle,"
          + " write \"%s |> %s\" for an ordinary edge"),

  MIDDLEWARE_KIND(Code.MIDDLEWARE,
      "%s on %s() does not fit stage '%s', %s: %s fits only %s stages; remove it from %s()"),
  MIDDLEWARE_NOT_ON_STAGE(Code.MIDDLEWARE,
      "%s on %s() does nothing: %s() is not a @Stage method; put it on a @Stage method, or on the @Flow class as a"
          + " default for every stage it fits"),
  MIDDLEWARE_OUTSIDE_FLOW(Code.MIDDLEWARE,
      "%s on %s does nothing: %s has no @Flow; put it on a @Flow class or on one of its @Stage methods"),

  RETRY_MAX_ATTEMPTS(Code.MIDDLEWARE,
      "%s on %s: maxAttempts counts every call, the first included, so it is at least 1 (1: no retry)"),
  RETRY_MULTIPLIER(Code.MIDDLEWARE,
      "%s on %s: each wait is the one before times multiplier, so it is a finite number of at least 1.0"
          + " (1.0: equal waits)"),
  RETRY_JITTER(Code.MIDDLEWARE,
      "%s on %s: jitter is the fraction by which each wait varies either way, within 0..1 (0: none, 0.1: up to"
          + " 10 percent)"),
  RETRY_MAX_DELAY(Code.MIDDLEWARE,
      "@Retry on %s: maxDelay = \"%s\" is shorter than initialDelay = \"%s\"; maxDelay caps every wait, so it is"
          + " at least the first: raise maxDelay or lower initialDelay"),
  RETRY_NEGATIVE_DELAY(Code.MIDDLEWARE,
      "%s on %s is negative; a wait cannot be, write \"0ms\" for none"),

  BREAKER_PERCENT(Code.MIDDLEWARE,
      "%s on %s: %s is a percentage of calls, above 0 and at most 100 (for example 50)"),
  BREAKER_WINDOW(Code.MIDDLEWARE,
      "%s on %s: slidingWindowSize is how many of the latest calls are judged, so it is at least 1"),
  BREAKER_MINIMUM_CALLS(Code.MIDDLEWARE,
      "%s on %s: minimumCalls is how many calls are needed before the failure rate is judged, so it is at least 1"),
  BREAKER_HALF_OPEN_CALLS(Code.MIDDLEWARE,
      "%s on %s: halfOpenCalls is how many probe calls decide whether the breaker closes again, so it is at"
          + " least 1"),
  BREAKER_WAIT_IN_OPEN(Code.MIDDLEWARE,
      "%s on %s is not longer than zero; the breaker stays open for waitInOpen before it probes, use a positive"
          + " duration such as \"30s\""),
  BREAKER_SLOW_CALL(Code.MIDDLEWARE,
      "%s on %s is not longer than zero; a call slower than slowCallDuration counts as slow: use a positive"
          + " duration such as \"2s\", or leave it empty (the default) so that no call is slow"),

  RATE_PER_SECOND(Code.MIDDLEWARE,
      "%s on %s: perSecond is how many events pass a second, a positive finite number (0.5: one every two"
          + " seconds)"),
  RATE_BURST(Code.MIDDLEWARE,
      "%s on %s: burst is how many events may pass at once, at least 1; leave it out (0) for perSecond rounded"
          + " up"),

  TIMEOUT_NOT_POSITIVE(Code.MIDDLEWARE,
      "%s on %s is not longer than zero; a call must be allowed some time, use a positive duration such as"
          + " \"2s\""),

  DURATION_SYNTAX(Code.MIDDLEWARE,
      "%s on %s is not a duration; write a number and a unit (ns, us, ms, s, m, h) such as \"100ms\" or"
          + " \"1.5s\", or ISO-8601 such as \"PT2S\""),
  DURATION_FINER_THAN_NANOSECONDS(Code.MIDDLEWARE,
      "%s on %s is a fraction of a nanosecond, finer than a duration can be; use a whole number of nanoseconds"),

  FALLBACK_AND_ON_OPEN(Code.MIDDLEWARE,
      "@CircuitBreaker on %s sets both fallback = \"%s\" and onOpen = %s; while the breaker is open an input is"
          + " answered by the fallback or handled as onOpen says, not both: remove one"),
  FALLBACK_MISSING(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s names no method of %s%s"),
  FALLBACK_PRIVATE(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s is private; the generated %s calls it, so make it"
          + " package-private or public"),
  FALLBACK_NOT_VISIBLE(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s, inherited from %s, is not visible from package %s, so the"
          + " generated %s cannot call it; make it public, or declare the fallback in %s"),
  FALLBACK_STATIC(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s is static; a fallback is an instance method of the flow"
          + " class, called on the run's flow object"),
  FALLBACK_GENERIC(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s declares type parameters; a fallback is not generic, its"
          + " types are those of the stage"),
  FALLBACK_PARAMETERS(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s does not take the input of stage '%s' (%s); declare it"
          + " as %s"),
  FALLBACK_NO_OVERLOAD(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: none of %s takes the input of stage '%s' (%s); declare one"
          + " as %s"),
  FALLBACK_AMBIGUOUS(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s all take the input of stage '%s' (%s) and none is more"
          + " specific; keep one, declared as %s"),
  FALLBACK_RETURN(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s returns %s, but stage '%s' emits %s; declare it as %s"),
  FALLBACK_ASYNC_RETURN(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s returns %s; a fallback answers at once, so for"
          + " AsyncTransform '%s' it returns %s itself, not a CompletionStage: declare it as %s"),
  FALLBACK_SINK_RETURN(Code.MIDDLEWARE,
      "@CircuitBreaker(fallback = \"%s\") on %s: %s returns %s, but stage '%s' is a Sink, whose fallback"
          + " returns nothing; declare it as %s"),

  FLOW_CLASS_KIND(Code.FLOW_CLASS,
      "@Flow is on %s, which is %s; it belongs on a class"),
  FLOW_CLASS_PRIVATE(Code.FLOW_CLASS,
      "@Flow class %s cannot be created by the generated %s because %s is private; make it package-private or"
          + " public"),
  FLOW_CLASS_INNER(Code.FLOW_CLASS,
      "@Flow class %s is an inner (non-static nested) class; make it a static nested class or a top-level class"),
  FLOW_CLASS_ABSTRACT(Code.FLOW_CLASS,
      "@Flow class %s is abstract; the generated %s creates it with new %s()"),
  FLOW_CLASS_GENERIC(Code.FLOW_CLASS,
      "@Flow class %s declares type parameters; a flow class is not generic"),
  FLOW_CLASS_FACTORY_ONLY(Code.FLOW_CLASS, Diagnostic.Kind.NOTE,
      "@Flow class %s has no non-private constructor without parameters or taking a FlowSettings, so the generated"
          + " %s has only definition(Supplier<%s>), to which you pass what creates the flow object (your code, a DI"
          + " container), and no definition() or builder(); add such a constructor for those"),
  FLOW_CLASS_NO_STAGES(Code.FLOW_CLASS,
      "@Flow class %s declares no @Stage methods"),
  FLOW_CLASS_NOT_WRITTEN(Code.FLOW_CLASS,
      "could not write %s for @Flow class %s: %s"),

  CONFIG_BUFFER_SIZE(Code.FLOW_CONFIG,
      "@Flow(bufferSize = %d) on %s: a ring size is a power of two of at least 2, for example %d"),
  CONFIG_MAX_ITERATIONS(Code.FLOW_CONFIG,
      "@Flow(maxIterations = %d) on %s: an event must be allowed at least 1 pass around a cycle"),
  CONFIG_NAME(Code.FLOW_CONFIG,
      "@Flow(name = \"%s\") on %s: a flow's name is also a directory name; start it with a letter or digit and"
          + " use only letters, digits, '_', '-' and '.'"),

  STAGE_MAX_ERRORS(Code.STAGE_CONFIG,
      "@Stage(maxErrors = %d) on %s(): an error budget is a number of errors, 0 or more (0: the first error fails"
          + " the run), or -1 (the default) for the flow's budget"),

  MISSING_TYPE(Code.MISSING_TYPE,
      "%s was not generated: %s refers to %s, which does not exist"),
  MISSING_VALUE(Code.MISSING_TYPE,
      "%s was not generated: the value of %s does not resolve to a constant"),

  CLASSPATH(Code.CLASSPATH,
      "%s: the stage interfaces of dev.weir.api are not on the compile classpath; add the weir-runtime"
          + " dependency"),

  INTERNAL(Code.INTERNAL,
      "the Weir annotation processor failed; this is a bug in Weir, please report it with this trace:\n%s");

  private final Code code;
  private final Diagnostic.Kind kind;
  private final String template;

  Message(Code code, String template) {
    this(code, Diagnostic.Kind.ERROR, template);
  }

  Message(Code code, Diagnostic.Kind kind, String template) {
    this.code = code;
    this.kind = kind;
    this.template = template;
  }

  /** The stable code this message starts with. */
  public Code code() {
    return code;
  }

  /** The text after the code tag, with {@link String#format} placeholders; docs/diagnostics.md's examples are checked against it. */
  public String template() {
    return template;
  }

  /** How the message is printed: an error, which stops generation, or a note, which does not. */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The message as printed: its code tag, a space, and the template filled with {@code args}. */
  public String format(Object... args) {
    return code.tag() + " " + String.format(Locale.ROOT, template, args);
  }
}
