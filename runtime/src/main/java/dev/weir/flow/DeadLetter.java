package dev.weir.flow;

import dev.weir.api.ErrorKind;

/**
 * The payload of an error-journal record: the input that failed and why.
 *
 * @param kind the error's classification
 * @param exception the exception's class name
 * @param message the exception's message
 * @param input the input that failed
 */
public record DeadLetter(ErrorKind kind, String exception, String message, Object input) {}
