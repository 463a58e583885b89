package dev.weir.processor.model;

/**
 * Two declarations of an edge between the same two stages with different kinds; the graph keeps
 * the first.
 *
 * @param kept the edge declared first
 * @param dropped the later declaration
 */
public record EdgeConflict(EdgeModel kept, EdgeModel dropped) {}
