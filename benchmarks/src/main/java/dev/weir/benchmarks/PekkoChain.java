package dev.weir.benchmarks;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Pekko Streams as its users write a staged pipeline: {@code Source.fromIterator} over
 * {@code 0..n-1}, then per stage {@code .map(x -> x + 1).async()} (an asynchronous boundary, so
 * each stage runs in an actor of its own), then {@code Sink.foreach} with the counting sink. One
 * {@link ActorSystem} per run with the default dispatcher and buffers.
 */
final class PekkoChain implements Chain {

  @Override
  public String name() {
    return "pekko";
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) {
    if (idle) {
      throw new UnsupportedOperationException("pekko has no idle form in this harness");
    }
    long n = tally.expected();
    ActorSystem system = ActorSystem.create("bench");
    Source<Long, ?> source = Source.fromIterator(() -> new Iterator<Long>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public Long next() {
        if (next >= n) {
          throw new NoSuchElementException();
        }
        long i = next++;
        tally.sent(i);
        return i;
      }
    });
    for (int i = 0; i < depth; i++) {
      source = source.map(x -> x + 1).async();
    }
    CompletionStage<Done> done = source.runWith(Sink.foreach(tally::received), system);
    return new Run() {
      @Override
      public void finish(long timeoutMillis) throws Exception {
        done.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    };
  }
}
