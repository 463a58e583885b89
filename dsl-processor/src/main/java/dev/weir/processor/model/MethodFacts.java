package dev.weir.processor.model;

/**
 * What the rules need to know about a {@code @Stage} method's declaration.
 *
 * @param isPrivate declared {@code private}
 * @param isStatic declared {@code static}
 * @param parameterCount how many parameters it takes
 * @param generic whether it declares type parameters
 */
public record MethodFacts(boolean isPrivate, boolean isStatic, int parameterCount, boolean generic) {}
