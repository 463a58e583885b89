package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.FlowModel;
import java.util.regex.Pattern;

/**
 * {@code @Flow}'s values must be usable: a power-of-two ring size of at least 2, at least one pass
 * around a cycle, and a name that works as a directory name.
 */
final class FlowConfigRule implements Rule {

  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]*");

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    FlowModel flow = context.flow();
    int size = flow.bufferSize();
    if (size < 2 || Integer.bitCount(size) != 1) {
      reporter.report(Message.CONFIG_BUFFER_SIZE, flow.bufferSizeLocation(), size, flow.className(), suggest(size));
    }
    if (flow.maxIterations() < 1) {
      reporter.report(Message.CONFIG_MAX_ITERATIONS, flow.maxIterationsLocation(), flow.maxIterations(),
          flow.className());
    }
    if (flow.explicitName() && !NAME.matcher(flow.flowName()).matches()) {
      reporter.report(Message.CONFIG_NAME, flow.nameLocation(), flow.flowName(), flow.className());
    }
  }

  /** The next power of two at or above {@code size}, within the range a ring can have. */
  private static int suggest(int size) {
    if (size <= 2) {
      return 2;
    }
    if (size > 1 << 30) {
      return 1 << 30;
    }
    int high = Integer.highestOneBit(size);
    return high == size ? size : high << 1;
  }
}
