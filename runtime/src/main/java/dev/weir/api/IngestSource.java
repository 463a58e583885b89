package dev.weir.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A source fed over HTTP: the operations server ({@code dev.weir.server.FlowServer}) serving a run
 * whose flow has one mounts {@code POST /ingest/<name>/events} (one JSON item) and {@code POST
 * /ingest/<name>/batch} (a JSON array) and hands each request to {@link #offer}. Made by
 * {@link Sources#ingest}; infinite: it ends when the flow is stopped.
 *
 * <p><b>Accepted means journaled.</b> A request's items wait in a bounded buffer ({@link
 * IngestOptions#bufferSize}) until the source's thread emits them; its answer, 202, is sent once the
 * batch they were emitted in has been journaled (the next call of {@code next} begins, or the
 * source closes after its last batch). So an accepted item is in the source's journal, and an item
 * that is not in it was never accepted: a request that does not fit in the buffer gets 503 at once;
 * one the source does not take within {@link IngestOptions#acceptTimeout} gets 503 and is taken
 * back; on a graceful stop the requests still waiting get 503 (their items are not journaled) and
 * the ones already emitted get 202. Only a cancel or a failure in the middle of emitting a request
 * can leave it partly journaled: it gets 500 saying so.
 *
 * <p><b>All or nothing.</b> A batch with an invalid item is refused whole (400, every invalid item
 * with its index and reason): nothing of it is accepted, so a client fixes and resends the batch
 * without sending the valid items twice. Refused items are not dead-lettered: nothing was accepted,
 * and the client has the reasons.
 *
 * <p>One instance serves one run: make it in the stage method, as the run's other sources are
 * made (a closed source answers every request with 503). A replay reads the archived items
 * instead, and its server mounts no endpoint.
 */
public final class IngestSource<T> implements Source<T> {

  private final String name;
  private final Class<T> type;
  private final IngestOptions options;
  private final IngestDecoder<T> decoder;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}. */
  private final ArrayDeque<IngestSubmission<T>> waiting = new ArrayDeque<>();
  /** Guarded by {@link #lock}. */
  private int waitingItems;
  /** Guarded by {@link #lock}. */
  private boolean closed;
  /** The signed requests accepted within the replay window (HMAC only). */
  private final SeenSignatures seenSignatures = new SeenSignatures();
  /** The source thread's own: emitted in the last call, answered once that call's batch is journaled. */
  private final List<IngestSubmission<T>> emitted = new ArrayList<>();

  IngestSource(String name, Class<T> type, IngestOptions options) {
    this.name = Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("an ingestion source's name is its URL path segment: letters, digits, '_', '.'"
          + " and '-' only, got '" + name + "'");
    }
    this.type = Objects.requireNonNull(type, "type");
    this.options = Objects.requireNonNull(options, "options");
    this.decoder = new IngestDecoder<>(type);
  }

  /** The name in its endpoints' paths: {@code /ingest/<name>/events}. */
  public String name() {
    return name;
  }

  /** The item type posted JSON is validated into. */
  public Class<T> type() {
    return type;
  }

  /** How it takes requests. */
  public IngestOptions options() {
    return options;
  }

  /** Items waiting in the buffer for the source's thread now. */
  public int buffered() {
    lock.lock();
    try {
      return waitingItems;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Answers one posted request: authenticates it, validates its body (one item, or with {@code batch}
   * a JSON array) and, when all is well, waits until its items are journaled (see the class comment).
   * Called by the server's request threads, any number at once.
   *
   * @param headers a request header by name (case-insensitive), null when absent
   * @param body the request body, at most {@link IngestOptions#maxBodyBytes} bytes (the server answers
   *     413 for a longer one without calling this)
   */
  public IngestReply offer(Function<String, String> headers, byte[] body, boolean batch) throws InterruptedException {
    Instant now = Instant.now();
    Optional<String> refused = IngestAuth.refusal(options, headers, body, now);
    if (refused.isPresent()) {
      return unauthorized(refused.get());
    }
    if (options.auth() != IngestOptions.Auth.HMAC) {
      return answer(body, batch);
    }
    String signature = headers.apply(IngestAuth.SIGNATURE).trim().toLowerCase(java.util.Locale.ROOT);
    long timestamp = Long.parseLong(headers.apply(IngestAuth.TIMESTAMP).trim()); // checked by IngestAuth
    switch (seenSignatures.claim(signature, timestamp, now.getEpochSecond(), options.replayWindowValue().toSeconds())) {
      case REPLAYED:
        return unauthorized("this signed request was already accepted (same '" + IngestAuth.SIGNATURE + "' within the"
            + " replay window of " + options.replayWindowValue().toSeconds() + " s): a replay; sign each new request"
            + " with its own timestamp");
      case FULL:
        return busy("the source remembers " + SeenSignatures.CAPACITY + " signed requests of its replay window already:"
            + " nothing was accepted; retry after the Retry-After");
      default:
        break;
    }
    IngestReply reply = null;
    try {
      reply = answer(body, batch);
      return reply;
    } finally {
      if (reply == null || reply.status() != 202) {
        seenSignatures.release(signature); // not accepted: the sender may send the same request again
      }
    }
  }

  private IngestReply unauthorized(String reason) {
    return new IngestReply(401, error(401, reason), Optional.empty(), Optional.of(IngestAuth.challenge(options)));
  }

  /** Validates and submits an authenticated request's body. */
  private IngestReply answer(byte[] body, boolean batch) throws InterruptedException {
    if (body.length > options.maxBodyBytes()) {
      return reply(413, "the body is " + body.length + " bytes, over the limit of " + options.maxBodyBytes());
    }
    IngestDecoder.Decoded<T> decoded = decoder.decode(body, batch);
    if (decoded.error() != null) {
      return reply(400, decoded.error());
    }
    if (!decoded.invalid().isEmpty()) {
      int n = decoded.invalid().size();
      int of = decoded.items().size() + n;
      Map<String, Object> b = error(400, batch
          ? n + " of the " + of + " items " + (n == 1 ? "is" : "are") + " not valid " + type.getSimpleName()
              + "; none was accepted (a batch is all or nothing)"
          : "the item is not a valid " + type.getSimpleName() + ": " + decoded.invalid().get(0).get("reason"));
      b.put("invalid", decoded.invalid());
      return new IngestReply(400, b, Optional.empty(), Optional.empty());
    }
    return switch (submit(decoded.items())) {
      case ACCEPTED -> new IngestReply(202, Map.of("accepted", decoded.items().size()), Optional.empty(), Optional.empty());
      case TOO_LARGE -> reply(413, "the batch has " + decoded.items().size() + " items, more than the source's buffer holds ("
          + options.bufferSizeValue() + "): split it");
      case FULL -> busy("the source's buffer is full (" + options.bufferSizeValue() + " items): nothing was accepted; retry"
          + " after the Retry-After");
      case TIMED_OUT -> busy("the flow did not take the items within " + options.acceptTimeoutValue().toMillis() + " ms"
          + " (not started, or backpressure): nothing was accepted; retry after the Retry-After");
      case STOPPED -> busy("the flow's source '" + name + "' has stopped: nothing was accepted");
      case CUT_SHORT -> reply(500, "the run was cancelled or failed while these items were being journaled: some of them"
          + " may be in the source's journal");
    };
  }

  /** Puts {@code items} in the buffer and waits for what becomes of them. */
  IngestOutcome submit(List<T> items) throws InterruptedException {
    if (items.isEmpty()) {
      return IngestOutcome.ACCEPTED;
    }
    IngestSubmission<T> s = new IngestSubmission<>(List.copyOf(items));
    lock.lock();
    try {
      if (closed) {
        return IngestOutcome.STOPPED;
      }
      if (items.size() > options.bufferSizeValue()) {
        return IngestOutcome.TOO_LARGE;
      }
      if (waitingItems + items.size() > options.bufferSizeValue()) {
        return IngestOutcome.FULL;
      }
      waiting.addLast(s);
      waitingItems += items.size();
    } finally {
      lock.unlock();
    }
    try {
      if (s.await(options.acceptTimeoutValue().toNanos())) {
        return s.outcome();
      }
    } catch (InterruptedException e) {
      if (withdraw(s)) {
        throw e;
      }
      s.awaitUninterruptibly();
      Thread.currentThread().interrupt();
      return s.outcome();
    }
    if (withdraw(s)) {
      return s.outcome(); // TIMED_OUT, or STOPPED if the source closed just then
    }
    s.awaitUninterruptibly(); // taken: being emitted, answered once journaled
    return s.outcome();
  }

  /** Takes {@code s} back out of the buffer if the source has not taken it yet. */
  private boolean withdraw(IngestSubmission<T> s) {
    lock.lock();
    try {
      if (s.taken) {
        return false;
      }
      if (waiting.remove(s)) {
        waitingItems -= s.items.size();
      }
      s.complete(IngestOutcome.TIMED_OUT);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean next(Emitter<T> out) {
    acceptEmitted(); // the runner journaled the last call's batch before making this call
    List<IngestSubmission<T>> taken = new ArrayList<>();
    lock.lock();
    try {
      int count = 0;
      while (!waiting.isEmpty() && (count == 0 || count + waiting.peekFirst().items.size() <= Sources.BATCH)) {
        IngestSubmission<T> s = waiting.pollFirst();
        s.taken = true;
        waitingItems -= s.items.size();
        count += s.items.size();
        taken.add(s);
      }
    } finally {
      lock.unlock();
    }
    int i = 0;
    try {
      for (; i < taken.size(); i++) {
        for (T item : taken.get(i).items) {
          out.emit(item);
        }
        emitted.add(taken.get(i));
      }
    } catch (RuntimeException | Error e) { // a cancel or a halt while emitting
      for (; i < taken.size(); i++) {
        taken.get(i).complete(IngestOutcome.CUT_SHORT);
      }
      throw e;
    }
    return true;
  }

  private void acceptEmitted() {
    for (IngestSubmission<T> s : emitted) {
      s.complete(IngestOutcome.ACCEPTED);
    }
    emitted.clear();
  }

  /** After the last call: what it emitted is journaled (202); what still waits is given back (503). */
  @Override
  public void close() {
    List<IngestSubmission<T>> left;
    lock.lock();
    try {
      closed = true;
      left = new ArrayList<>(waiting);
      waiting.clear();
      waitingItems = 0;
    } finally {
      lock.unlock();
    }
    acceptEmitted();
    for (IngestSubmission<T> s : left) {
      s.complete(IngestOutcome.STOPPED);
    }
  }

  private IngestReply reply(int status, String reason) {
    return new IngestReply(status, error(status, reason), Optional.empty(), Optional.empty());
  }

  private IngestReply busy(String reason) {
    return new IngestReply(503, error(503, reason), Optional.of(options.retryAfterValue()), Optional.empty());
  }

  private static Map<String, Object> error(int status, String reason) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("status", status);
    b.put("error", reason);
    return b;
  }

  @Override
  public String toString() {
    return "IngestSource[" + name + ", " + type.getName() + ", " + options + "]";
  }
}
