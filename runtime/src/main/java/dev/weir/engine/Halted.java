package dev.weir.engine;

/** Unwinds a stage thread that was halted while it waited; carries no stack trace. */
final class Halted extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final Halted INSTANCE = new Halted();

  private Halted() {
    super("stage halted", null, false, false);
  }
}
