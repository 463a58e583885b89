/**
 * Weir's runtime. Users see the handler API ({@code dev.weir.api}), the flow API
 * ({@code dev.weir.flow}), the command line ({@code dev.weir.app}) and the operations server
 * ({@code dev.weir.server}); everything else is internal
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
  requires transitive micrometer.core;
  requires micrometer.registry.prometheus;
  requires io.prometheus.metrics.model;
  requires info.picocli;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.retry;
  requires io.github.resilience4j.ratelimiter;
  requires io.github.resilience4j.core;
  requires org.slf4j;
  requires static java.sql; // Sinks.jdbc only: a user of it reads java.sql for its DataSource
  requires java.management;
  requires java.net.http; // Sources.httpPull and httpPoll
  requires jdk.httpserver;
  requires jdk.management;
  requires jdk.unsupported;

  exports dev.weir.api;
  exports dev.weir.flow;
  exports dev.weir.app;
  exports dev.weir.server;
  // the test kit (weir-test) hands a run its hand-advanced timer clock and reads when timers are due
  exports dev.weir.engine to dev.weir.test;

  // picocli reads the commands' options; Jackson reads and writes manifests, system events and dead letters
  opens dev.weir.app to info.picocli;
  opens dev.weir.flow to com.fasterxml.jackson.databind;
  opens dev.weir.event to com.fasterxml.jackson.databind;
  opens dev.weir.journal to com.fasterxml.jackson.databind;
  opens dev.weir.contract to com.fasterxml.jackson.databind;
}
