package dev.weir.processor.model;

/**
 * Where a topology statement stops parsing.
 *
 * @param column the column of the unexpected token, counting from 1
 * @param expected what the grammar allowed there
 * @param found what was there instead
 */
public record SyntaxError(int column, String expected, String found) {}
