package dev.weir.samples.catalog;

import dev.weir.dsl.EventType;

/**
 * A product category, from {@code categories.csv}.
 *
 * @param id the category's id
 * @param name its name
 */
@EventType(name = "category", version = 1)
public record Category(int id, String name) {}
