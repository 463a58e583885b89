package dev.weir.kafka;

/**
 * Thrown inside {@link KafkaBroker} when a port it found free was taken before the broker could bind it, so that
 * the start is tried again on other ports; never seen by callers.
 */
final class PortTakenException extends RuntimeException {

  PortTakenException(String message, Throwable cause) {
    super(message, cause);
  }
}
