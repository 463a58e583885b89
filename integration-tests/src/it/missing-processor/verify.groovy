// What a user sees when the processor is missing (docs/diagnostics.md, "cannot find symbol <ClassName>Flow"):
// the @Flow class compiles, javac stops where the generated class is used, and no [WEIR-...] error explains it.
def log = new File(basedir, 'build.log').text
assert log.contains('COMPILATION ERROR')
assert log =~ /com\/example\/quantities\/Main\.java:\[\d+,\d+\] cannot find symbol/ : 'no cannot find symbol in Main.java'
assert log.contains('symbol:   variable QuantitiesFlow') : 'the missing symbol is not QuantitiesFlow'
assert !log.contains('[WEIR-')
assert !new File(basedir, 'target/generated-sources/annotations/com/example/quantities/QuantitiesFlow.java').exists()
true
