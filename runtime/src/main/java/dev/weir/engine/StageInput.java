package dev.weir.engine;

/** One input of a stage: an edge it reads until the writer's end of stream. */
interface StageInput {

  /** The stage that writes this input. */
  StageRunner writer();

  /** The edge, as {@code writer -> reader}. */
  String edge();

  /** Whether the writer's end of stream has been read. */
  boolean ended();

  /** Whether something is ready to read. */
  boolean hasInput();

  /** Handles what is available, at most {@code budget} records; returns how many were handled. */
  int poll(int budget) throws Exception;
}
