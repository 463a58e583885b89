package dev.weir.processor.model;

/**
 * What a stage does, decided by the stage interface its method returns. The constant names match
 * {@code dev.weir.flow.StageKind}, which the generated code refers to.
 */
public enum StageKind {
  SOURCE("Source", "<T>", "a Source"),
  TRANSFORM("Transform", "<I, O>", "a Transform"),
  ASYNC_TRANSFORM("AsyncTransform", "<I, O>", "an AsyncTransform"),
  STATEFUL("Stateful", "<I, S, O>", "a Stateful"),
  JOIN("Join", "<R, S, O>", "a Join"),
  SINK("Sink", "<T>", "a Sink");

  /** The package of the stage interfaces. */
  public static final String API_PACKAGE = "dev.weir.api";

  private final String interfaceName;
  private final String typeParameters;
  private final String withArticle;

  StageKind(String interfaceName, String typeParameters, String withArticle) {
    this.interfaceName = interfaceName;
    this.typeParameters = typeParameters;
    this.withArticle = withArticle;
  }

  /** The interface with its type parameters, as its declaration writes it: {@code Join<R, S, O>}. */
  public String declaration() {
    return interfaceName + typeParameters;
  }

  /** The simple name of the stage interface, for example {@code AsyncTransform}. */
  public String interfaceName() {
    return interfaceName;
  }

  /** The qualified name of the stage interface. */
  public String qualifiedInterfaceName() {
    return API_PACKAGE + "." + interfaceName;
  }

  /** The interface name with its article, as messages say it: {@code an AsyncTransform}. */
  public String withArticle() {
    return withArticle;
  }

  /** Whether stages of this kind read inputs. */
  public boolean hasInput() {
    return this != SOURCE;
  }

  /** Whether stages of this kind emit. */
  public boolean hasOutput() {
    return this != SINK;
  }

  /**
   * Whether stages of this kind may be part of a cycle: transforms only, as the engine runs cycles
   * (an async transform's completions could not be ordered against the events coming back round).
   */
  public boolean mayFormCycle() {
    return this == TRANSFORM;
  }
}
