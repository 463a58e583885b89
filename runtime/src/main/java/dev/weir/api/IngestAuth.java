package dev.weir.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks an ingestion request's credentials against its {@link IngestOptions}; every comparison is constant-time. */
final class IngestAuth {

  static final String TIMESTAMP = "X-Weir-Timestamp";
  static final String SIGNATURE = "X-Weir-Signature";

  private IngestAuth() {}

  /** Why the request may not post, or empty when it may. */
  static Optional<String> refusal(IngestOptions o, Function<String, String> headers, byte[] body, Instant now) {
    return switch (o.auth()) {
      case NONE -> Optional.empty();
      case API_KEY -> same(headers.apply(o.header()), o.secret())
          ? Optional.empty() : Optional.of(headers.apply(o.header()) == null
              ? "this endpoint needs the API key header '" + o.header() + "'" : "the API key is not valid");
      case BEARER -> bearer(o, headers.apply("Authorization"));
      case HMAC -> signed(o, headers.apply(TIMESTAMP), headers.apply(SIGNATURE), body, now);
    };
  }

  /** The {@code WWW-Authenticate} value of a 401. */
  static String challenge(IngestOptions o) {
    return switch (o.auth()) {
      case BEARER -> "Bearer";
      case API_KEY -> "ApiKey header=\"" + o.header() + "\"";
      case HMAC, NONE -> "HMAC-SHA256 headers=\"" + TIMESTAMP + " " + SIGNATURE + "\"";
    };
  }

  private static Optional<String> bearer(IngestOptions o, String given) {
    if (given == null) {
      return Optional.of("this endpoint needs 'Authorization: Bearer <token>'");
    }
    byte[] expected = ("Bearer " + new String(o.secret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))
        ? Optional.empty() : Optional.of("the bearer token is not valid");
  }

  private static Optional<String> signed(IngestOptions o, String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null || signature == null) {
      return Optional.of("this endpoint needs a signed request: '" + TIMESTAMP + ": <Unix seconds>' and '" + SIGNATURE
          + ": sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\">'");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of("'" + TIMESTAMP + "' is not Unix seconds: '" + timestamp + "'");
    }
    Duration off = Duration.between(now, Instant.ofEpochSecond(seconds)).abs();
    if (off.compareTo(o.replayWindowValue()) > 0) {
      return Optional.of("the request's timestamp is " + off.toSeconds() + " s from the server's clock, outside the replay"
          + " window of " + o.replayWindowValue().toSeconds() + " s: sign it again with the current time");
    }
    byte[] expected = ("sha256=" + sign(o.secret(), timestamp.trim(), body)).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, signature.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8))
        ? Optional.empty() : Optional.of("the signature does not match the body and timestamp");
  }

  /** The lower-case hex HMAC-SHA256 of {@code <timestamp>.<body>}. */
  static String sign(byte[] secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  private static boolean same(String given, byte[] expected) {
    return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }
}
