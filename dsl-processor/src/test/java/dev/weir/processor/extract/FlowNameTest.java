package dev.weir.processor.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowNameTest {

  @Test
  void className_becomesSnakeCase() {
    assertThat(FlowExtractor.snakeCase("FlightDelays")).isEqualTo("flight_delays");
    assertThat(FlowExtractor.snakeCase("HTTPLog")).isEqualTo("http_log");
    assertThat(FlowExtractor.snakeCase("ReadURLFromDisk")).isEqualTo("read_url_from_disk");
    assertThat(FlowExtractor.snakeCase("Orders2Ledger")).isEqualTo("orders2_ledger");
    assertThat(FlowExtractor.snakeCase("X")).isEqualTo("x");
    assertThat(FlowExtractor.snakeCase("already_snake")).isEqualTo("already_snake");
  }
}
