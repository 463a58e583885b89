package dev.weir.processor.diag;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * Prints catalog messages through the {@link Messager}, pointing at the annotation value at fault
 * where it can, and counts the errors so generation can be skipped after any of them.
 */
public final class ErrorReporter {

  private final Messager messager;
  private int errors;

  public ErrorReporter(Messager messager) {
    this.messager = Objects.requireNonNull(messager, "messager");
  }

  /** Reports {@code message} formatted with {@code args} at {@code at}. */
  public void report(Message message, Location at, Object... args) {
    print(message.kind(), message.format(args), at);
  }

  /** Reports a failure of the processor itself, with its stack trace; never rethrows. */
  public void reportInternal(Throwable failure, Location at) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    print(Message.INTERNAL.kind(), Message.INTERNAL.format(trace.toString().stripTrailing()), at);
  }

  /** How many errors this reporter printed. */
  public int errorCount() {
    return errors;
  }

  private void print(Diagnostic.Kind kind, String text, Location at) {
    if (kind == Diagnostic.Kind.ERROR) {
      errors++;
    }
    if (at == null) {
      messager.printMessage(kind, text);
    } else if (at.annotation() == null) {
      messager.printMessage(kind, text, at.element());
    } else if (at.value() == null) {
      messager.printMessage(kind, text, at.element(), at.annotation());
    } else {
      messager.printMessage(kind, text, at.element(), at.annotation(), at.value());
    }
  }
}
