package dev.weir.processor;

import javax.annotation.processing.RoundEnvironment;

/** What {@link FlowProcessor} does each round; a seam so tests can make a round fail. */
interface RoundHandler {

  void process(RoundEnvironment round);
}
