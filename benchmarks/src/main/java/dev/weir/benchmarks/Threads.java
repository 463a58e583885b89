package dev.weir.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates daemon threads for one run and remembers them so the run can join them. */
final class Threads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger next = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();

  Threads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public synchronized Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + next.getAndIncrement());
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  /** Creates a named thread (not started). */
  synchronized Thread named(String name, Runnable r) {
    Thread t = new Thread(r, prefix + "-" + name);
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  synchronized List<Thread> all() {
    return List.copyOf(threads);
  }

  void interruptAll() {
    for (Thread t : all()) {
      t.interrupt();
    }
  }

  /** Joins every thread, giving up after {@code millis} in total; returns the threads still alive. */
  List<Thread> joinAll(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    List<Thread> alive = new ArrayList<>();
    for (Thread t : all()) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left > 0) {
        t.join(left);
      }
      if (t.isAlive()) {
        alive.add(t);
      }
    }
    return alive;
  }
}
