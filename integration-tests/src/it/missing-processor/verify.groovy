// What a user sees when the processor is missing (docs/diagnostics.md, "cannot find symbol <Name>Flow").
def log = new File(basedir, 'build.log').text
assert log.contains('COMPILATION ERROR')
assert log.contains('Main.java') && log.contains('cannot find symbol') : 'no cannot find symbol in the build log'
assert log.contains('symbol:   variable GreetingsFlow') : 'the missing symbol is not GreetingsFlow'
assert !new File(basedir, 'target/generated-sources/annotations/com/example/greetings/GreetingsFlow.java').exists()
true
