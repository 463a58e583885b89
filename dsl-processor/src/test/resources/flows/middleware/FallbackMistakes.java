package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@Flow(topology = {
    "numbers |> misspelled |> texts", "numbers |> unknown |> texts", "numbers |> hidden |> texts",
    "numbers |> classWide |> texts", "numbers |> generic |> texts", "numbers |> wrongInput |> texts",
    "numbers |> wrongOutput |> texts", "numbers |> noOutput |> texts", "numbers |> later |> texts",
    "numbers |> overloaded |> texts", "numbers |> both |> texts", "numbers |> logged"})
class FallbackMistakes {
  @Stage Source<Integer> numbers() { return Sources.of(1, 2); }
  @Stage Sink<String> texts() { return Sinks.discard(); }

  @CircuitBreaker(fallback = "cachedTex")
  @Stage Transform<Integer, String> misspelled() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "somethingElseEntirely")
  @Stage Transform<Integer, String> unknown() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "secret")
  @Stage Transform<Integer, String> hidden() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "common")
  @Stage Transform<Integer, String> classWide() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "anything")
  @Stage Transform<Integer, String> generic() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "fromText")
  @Stage Transform<Integer, String> wrongInput() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "twice")
  @Stage Transform<Integer, String> wrongOutput() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "noAnswer")
  @Stage Transform<Integer, String> noOutput() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "eventually")
  @Stage AsyncTransform<Integer, String> later() { return n -> CompletableFuture.completedFuture("" + n); }

  @CircuitBreaker(fallback = "pick")
  @Stage Transform<Integer, String> overloaded() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "cachedText",
      onOpen = OnOpen.WAIT)
  @Stage Transform<Integer, String> both() { return Transforms.map(String::valueOf); }

  @CircuitBreaker(fallback = "cachedText", failureRateThreshold = 40)
  @Stage Sink<Integer> logged() { return Sinks.discard(); }

  String cachedText(Integer in) { return "cached"; }
  private String secret(Integer in) { return "secret"; }
  static String common(Integer in) { return "common"; }
  <T> String anything(T in) { return "anything"; }
  String fromText(String in) { return in; }
  Integer twice(Integer in) { return in * 2; }
  void noAnswer(Integer in) {}
  CompletionStage<String> eventually(Integer in) { return CompletableFuture.completedFuture("later"); }
  String pick(String in) { return in; }
  String pick(Integer a, Integer b) { return "" + a + b; }
}
