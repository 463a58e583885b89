package com.example.greetings;

import dev.weir.flow.Journals;

public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println(GreetingsFlow.builder().journals(Journals.memory()).start().await());
  }
}
