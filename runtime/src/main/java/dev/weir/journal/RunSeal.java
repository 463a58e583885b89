package dev.weir.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;

/**
 * The HMAC-SHA256 over how a run ended, what each journal holds (record count and last batch
 * tag) and the settings it was made with, kept in the manifest of a sealed run: cutting a journal back at a batch boundary and
 * editing the manifest's counts to match cannot be done without the key.
 */
public final class RunSeal {

  private RunSeal() {}

  /** The seal in hex. */
  public static String compute(byte[] key, Manifest manifest, String status, SortedMap<String, Long> counts,
      Map<String, byte[]> lastTags) {
    Mac mac = BatchSeal.newMac(key);
    byte[] tag = mac.doFinal(Manifest.sealText(manifest.flow(), manifest.runId(), status, counts, lastTags,
        manifest.settings()).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(tag);
  }

  /** Whether {@code sealHex} is the seal of these values under {@code key}; constant-time. */
  public static boolean matches(String sealHex, byte[] key, Manifest manifest, SortedMap<String, Long> counts,
      Map<String, byte[]> lastTags) {
    byte[] expected = HexFormat.of().parseHex(compute(key, manifest, manifest.status(), counts, lastTags));
    byte[] given;
    try {
      given = HexFormat.of().parseHex(sealHex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }
}
