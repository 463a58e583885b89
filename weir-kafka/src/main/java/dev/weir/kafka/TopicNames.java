package dev.weir.kafka;

/**
 * How a run's journals are named as topics: {@code <prefix>.<flow>.<run id>.<journal>}, the journal
 * being {@code <stage>.data}, {@code <stage>.errors}, {@code <stage>.order} or {@code system}, so
 * {@code weir.orders.20261203T172610Z-28845-2.validate.data}. Flow and stage names already use only
 * the characters topic names allow; a name that ends up longer than Kafka's limit is refused.
 */
final class TopicNames {

  /** Kafka refuses topic names longer than this. */
  static final int MAX_LENGTH = 249;

  private TopicNames() {}

  static String of(String prefix, String flow, String runId, String journalId) {
    String topic = prefix + "." + flow + "." + runId + "." + journalId;
    if (topic.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the topic of journal " + journalId + " would be " + topic + ", "
          + topic.length() + " characters, more than Kafka's " + MAX_LENGTH + ": shorten the flow or stage name, or"
          + " the topic prefix");
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
        throw new IllegalArgumentException("the topic of journal " + journalId + " would be " + topic + ", but Kafka"
            + " topic names take only letters, digits, '.', '_' and '-', not '" + c + "'");
      }
    }
    return topic;
  }

  /** What every topic of a run starts with: {@code <prefix>.<flow>.<run id>.}. */
  static String runPrefix(String prefix, String flow, String runId) {
    String journal = "system";
    String topic = of(prefix, flow, runId, journal);
    return topic.substring(0, topic.length() - journal.length());
  }

  /** Checks a topic prefix before any run uses it. */
  static String prefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("a topic prefix must not be empty");
    }
    of(prefix, "f", "r", "j");
    return prefix;
  }
}
