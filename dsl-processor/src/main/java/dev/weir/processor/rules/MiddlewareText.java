package dev.weir.processor.rules;

import dev.weir.processor.model.MemberValue;
import dev.weir.processor.model.MiddlewareDeclaration;
import dev.weir.processor.model.MiddlewareKind;

/** How middleware messages write an annotation value: {@code @Retry(maxAttempts = 0)}, {@code @Timeout("0s")}. */
final class MiddlewareText {

  private MiddlewareText() {}

  /** {@code member} of {@code declaration} as the annotation would write it. */
  static String written(MiddlewareDeclaration declaration, MemberValue<?> member) {
    Object v = member.value();
    String value = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    if (declaration.kind() == MiddlewareKind.TIMEOUT && member.name().equals("value")) {
      return declaration.kind().annotation() + "(" + value + ")";
    }
    return declaration.kind().annotation() + "(" + member.name() + " = " + value + ")";
  }
}
