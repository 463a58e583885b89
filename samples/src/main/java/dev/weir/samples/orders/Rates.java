package dev.weir.samples.orders;

import java.util.Map;
import java.util.Optional;

/** Fixed conversion rates to US cents, in millionths of a cent per minor unit, so sums stay exact. */
public final class Rates {

  private static final Map<String, Long> MICRO_CENTS_PER_MINOR = Map.of(
      "EUR", 1_080_000L,
      "GBP", 1_270_000L,
      "JPY", 6_700L);

  private Rates() {}

  /** {@code minor} units of {@code currency} in US cents (rounded down), if the currency is known. */
  public static Optional<Long> toUsdCents(String currency, long minor) {
    Long rate = MICRO_CENTS_PER_MINOR.get(currency);
    return rate == null ? Optional.empty() : Optional.of(Math.multiplyExact(minor, rate) / 1_000_000L);
  }

  /** Whether orders in {@code currency} can be priced. */
  public static boolean known(String currency) {
    return currency.equals("USD") || MICRO_CENTS_PER_MINOR.containsKey(currency);
  }
}
