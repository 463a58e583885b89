/** Weir's annotations: {@code @Flow}, {@code @Stage}, {@code @EventType}. */
module dev.weir.dsl {
  exports dev.weir.dsl;
}
