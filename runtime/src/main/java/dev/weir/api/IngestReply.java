package dev.weir.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an ingestion endpoint answers one request ({@link IngestSource#offer}): the HTTP status, a
 * JSON-ready body, the {@code Retry-After} of a 503 and the {@code WWW-Authenticate} of a 401.
 *
 * @param status 202 accepted, 400 invalid, 401 unauthenticated, 413 too large, 503 not now, 500 cut short
 * @param body {@code {"accepted": n}}, or {@code {"status": n, "error": reason}} with, for 400 on
 *     items, {@code "invalid": [{"index": i, "reason": ...}]}
 * @param retryAfter set on a 503
 * @param challenge set on a 401
 */
public record IngestReply(int status, Map<String, Object> body, Optional<Duration> retryAfter, Optional<String> challenge) {

  public IngestReply {
    body = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Objects.requireNonNull(body, "body")));
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(challenge, "challenge");
  }
}
