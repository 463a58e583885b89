package dev.weir.benchmarks;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * RxJava 3 as its users write a staged pipeline: {@code Flowable.generate} of {@code 0..n-1}, then
 * per stage {@code .observeOn(Schedulers.computation()).map(x -> x + 1)}, then {@code subscribe}
 * with the counting sink. Default buffer (128), the shared computation scheduler (one worker per
 * core); boxed {@link Long} payloads.
 */
final class RxJavaChain implements Chain {

  @Override
  public String name() {
    return "rxjava";
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) {
    if (idle) {
      throw new UnsupportedOperationException("rxjava has no idle form in this harness");
    }
    long n = tally.expected();
    Flowable<Long> flow = Flowable.generate(() -> new long[1], (long[] state, io.reactivex.rxjava3.core.Emitter<Long> e) -> {
      long i = state[0]++;
      if (i < n) {
        tally.sent(i);
        e.onNext(i);
      } else {
        e.onComplete();
      }
    });
    for (int i = 0; i < depth; i++) {
      flow = flow.observeOn(Schedulers.computation()).map(x -> x + 1);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Disposable d = flow.subscribe(tally::received, done::completeExceptionally, () -> done.complete(null));
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
