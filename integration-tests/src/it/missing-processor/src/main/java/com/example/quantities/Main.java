package com.example.quantities;

import dev.weir.flow.FlowResult;
import dev.weir.flow.Journals;

/** Runs the flow; it cannot compile here, since QuantitiesFlow was never generated. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    FlowResult result = QuantitiesFlow.builder().journals(Journals.memory()).start().await();
    System.out.println(result);
  }
}
