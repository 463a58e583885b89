package dev.weir.processor.model;

/**
 * A stage name as written in a topology statement.
 *
 * @param name the name
 * @param column where it starts in the statement, counting from 1
 */
public record Mention(String name, int column) {}
