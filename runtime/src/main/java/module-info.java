/**
 * Weir's runtime. Users see the handler API ({@code dev.weir.api}), the flow API
 * ({@code dev.weir.flow}) and the command line ({@code dev.weir.app}); everything else is internal
 * and may change. A modular application that journals its own types opens their packages to
 * {@code com.fasterxml.jackson.databind}, which encodes payloads.
 */
module dev.weir.runtime {
  requires transitive dev.weir.dsl;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.csv;
  requires com.fasterxml.jackson.dataformat.smile;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.lmax.disruptor;
  requires info.picocli;
  requires org.slf4j;
  requires java.management;
  requires jdk.management;
  requires jdk.unsupported;

  exports dev.weir.api;
  exports dev.weir.flow;
  exports dev.weir.app;

  // picocli reads the commands' options; Jackson reads and writes manifests, system events and dead letters
  opens dev.weir.app to info.picocli;
  opens dev.weir.flow to com.fasterxml.jackson.databind;
  opens dev.weir.event to com.fasterxml.jackson.databind;
  opens dev.weir.journal to com.fasterxml.jackson.databind;
  opens dev.weir.contract to com.fasterxml.jackson.databind;
}
