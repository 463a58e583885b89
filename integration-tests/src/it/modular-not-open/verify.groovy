// Runs after the build succeeded: the test that expects the run to fail at start ran and passed.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'QuantitiesTest did not run once and pass'
assert new File(basedir, "target/classes/module-info.class").isFile() : "not compiled as a module"
true
