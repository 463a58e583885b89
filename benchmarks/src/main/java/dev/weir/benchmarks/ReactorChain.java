package dev.weir.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Project Reactor as its users write a staged pipeline: {@code Flux.generate} of {@code 0..n-1},
 * then per stage {@code .publishOn(Schedulers.parallel()).map(x -> x + 1)}, then {@code subscribe}
 * with the counting sink. Default prefetch (256) and the shared parallel scheduler (one worker per
 * core); boxed {@link Long} payloads.
 */
final class ReactorChain implements Chain {

  @Override
  public String name() {
    return "reactor";
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) {
    if (idle) {
      throw new UnsupportedOperationException("reactor has no idle form in this harness");
    }
    long n = tally.expected();
    Flux<Long> flux = Flux.generate(() -> 0L, (Long i, reactor.core.publisher.SynchronousSink<Long> sink) -> {
      if (i < n) {
        tally.sent(i);
        sink.next(i);
      } else {
        sink.complete();
      }
      return i + 1;
    });
    for (int i = 0; i < depth; i++) {
      flux = flux.publishOn(Schedulers.parallel()).map(x -> x + 1);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Disposable d = flux.subscribe(tally::received, done::completeExceptionally, () -> done.complete(null));
    return new Run() {
      @Override
      public void finish(long timeoutMillis) throws Exception {
        done.get(timeoutMillis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() {
        d.dispose();
      }
    };
  }
}
