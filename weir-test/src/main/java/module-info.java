/**
 * Weir's test kit: {@link dev.weir.test.FlowTestKit} runs a flow on the real runtime with memory
 * journals, replaced sources and sinks and a hand-advanced clock, and asserts on what each stage
 * emitted and dead-lettered; {@link dev.weir.test.PostgresServer} starts a PostgreSQL server of the
 * test's own. Add it with test scope.
 */
module dev.weir.test {
  requires transitive dev.weir.runtime;
  requires transitive java.sql; // PostgresServer hands out a DataSource

  exports dev.weir.test;
}
