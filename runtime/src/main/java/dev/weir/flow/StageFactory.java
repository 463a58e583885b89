package dev.weir.flow;

/**
 * Creates a stage's handler from an instance of the flow class. The generated builder implements
 * it by calling the user's {@code @Stage} method: no reflection at run time.
 */
@FunctionalInterface
public interface StageFactory {

  /** Returns the handler ({@code Source}, {@code Transform}, ...) for one run. */
  Object create(Object flowInstance) throws Exception;
}
