package dev.weir.engine;

import dev.weir.event.SystemEvent;
import dev.weir.flow.StopMode;

/** A preallocated entry of the supervisor ring: one piece of evidence or one command. */
final class SupervisorSlot {

  SystemEvent.Type type;
  /** The stage it concerns, or -1. */
  int stage;
  String subject;
  String detail;
  Throwable cause;
  StopMode stopMode;

  void set(SystemEvent.Type type, int stage, String subject, String detail, Throwable cause, StopMode stopMode) {
    this.type = type;
    this.stage = stage;
    this.subject = subject;
    this.detail = detail;
    this.cause = cause;
    this.stopMode = stopMode;
  }

  void clear() {
    subject = null;
    detail = null;
    cause = null;
    stopMode = null;
  }
}
