package dev.weir.event;

/**
 * The payload of an order-journal record: a stage with several inputs consumed the next
 * {@code count} records (data and end of stream) of input {@code input} (its index among the
 * stage's inputs, in definition order).
 *
 * @param input the input's index
 * @param count how many records
 */
public record Consumed(int input, int count) {}
