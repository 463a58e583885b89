package dev.weir.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import dev.weir.journal.JournalException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Gives a handler's exception its {@link ErrorKind}: the kind a {@link StageException} names, else by type. */
final class ErrorClassifier {

  private ErrorClassifier() {}

  static ErrorKind classify(Throwable t) {
    if (t instanceof StageException se) {
      return se.kind();
    }
    if (t instanceof JournalException je) {
      return je.problem() == JournalException.Problem.TOO_LARGE ? ErrorKind.VALIDATION : ErrorKind.PERMANENT;
    }
    if (t instanceof TimeoutException) {
      return ErrorKind.TIMEOUT;
    }
    if (t instanceof JsonProcessingException) {
      return ErrorKind.DESERIALIZATION;
    }
    if (t instanceof IOException) {
      return ErrorKind.REMOTE;
    }
    if (t instanceof IllegalArgumentException) {
      return ErrorKind.VALIDATION;
    }
    return ErrorKind.UNKNOWN;
  }
}
