package dev.weir.kafka;

import static dev.weir.kafka.KafkaJournalsAttackTest.all;
import static dev.weir.kafka.KafkaJournalsAttackTest.completed;
import static dev.weir.kafka.KafkaJournalsAttackTest.manyStages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.Journals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flow of 50 transforms on {@link KafkaJournals} (101 topics and a system topic) journals what it
 * journals in memory, record for record; in a class of its own because it takes most of a minute.
 */
class KafkaManyStagesAttackTest {

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void fiftyStages_journalWhatMemoryJournals_recordForRecord() throws Exception {
    FlowHandle k = completed(manyStages(50, 200).builder().journals(KafkaJournals.options().bootstrap(broker.bootstrap()).replicationFactor(1)));
    FlowHandle m = completed(manyStages(50, 200).builder().journals(Journals.memory().keepAll()));
    for (int i = 1; i <= 50; i++) {
      assertThat(all(k.journals(), "s" + i + ".data")).as("s" + i + ".data").isEqualTo(all(m.journals(), "s" + i + ".data"));
      assertThat(all(k.journals(), "s" + i + ".errors")).as("s" + i + ".errors")
          .isEqualTo(all(m.journals(), "s" + i + ".errors")).isNotEmpty();
    }
    assertThat(all(k.journals(), "out.data")).isEqualTo(all(m.journals(), "out.data"));
  }

}
