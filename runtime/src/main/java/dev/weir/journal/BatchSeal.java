package dev.weir.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC chain of a journal with a key: each batch of records {@code first..last} is sealed by
 * the HMAC-SHA256 tag over the journal's id, the two seqs, the previous batch's tag (32 zero bytes
 * before the first batch) and the batch's bytes, so a record edited, dropped, reordered, spliced
 * from another journal or replayed breaks the chain. Disk segments hold the tag in a seal frame
 * after the batch; a journal kept outside the runtime (a Kafka topic) keeps it wherever its format
 * allows, computed here. One thread at a time.
 */
public final class BatchSeal {

  /** The length of a tag: HMAC-SHA256. */
  public static final int TAG_BYTES = 32;

  private final String journalId;
  private final Mac mac;

  /** The chain of journal {@code journalId} under {@code key}. */
  public BatchSeal(String journalId, byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("journal " + journalId + ": an HMAC key must not be empty");
    }
    this.journalId = journalId;
    this.mac = newMac(key);
  }

  /** The tag before a journal's first batch. */
  public static byte[] first() {
    return new byte[TAG_BYTES];
  }

  /** The tag of the batch {@code first..last}, chained after {@code prevTag}, whose bytes are {@code parts} in order. */
  public byte[] tag(long first, long last, byte[] prevTag, List<byte[]> parts) {
    start(mac, journalId, first, last, prevTag);
    for (byte[] p : parts) {
      mac.update(p);
    }
    return mac.doFinal();
  }

  /** Whether two tags are equal, in constant time. */
  public static boolean same(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  static Mac newMac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
    }
  }

  static byte[] tag(Mac mac, String journalId, long first, long last, byte[] prevTag, byte[] bytes, int off, int len) {
    start(mac, journalId, first, last, prevTag);
    mac.update(bytes, off, len);
    return mac.doFinal();
  }

  private static void start(Mac mac, String journalId, long first, long last, byte[] prevTag) {
    mac.reset();
    mac.update(journalId.getBytes(StandardCharsets.UTF_8));
    mac.update(ByteBuffer.allocate(16).putLong(first).putLong(last).array());
    mac.update(prevTag);
  }
}
