package dev.weir.middleware;

/** One call of a stage's handler for one input, as middleware makes it (perhaps several times). */
@FunctionalInterface
public interface Attempt {

  void call() throws Exception;
}
