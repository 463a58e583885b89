// Runs after the build succeeded: the processor ran and the flow's test really ran and passed.
def generated = new File(basedir, 'target/generated-sources/annotations/com/example/quantities/QuantitiesFlow.java')
assert generated.isFile() : "the processor did not generate ${generated}"
assert generated.text.contains('public static FlowBuilder builder()')

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'QuantitiesTest did not run once and pass'
assert new File(basedir, "target/modular-user-1.0.jar").isFile()
assert new File(basedir, "target/classes/module-info.class").isFile() : "not compiled as a module"
true
