package dev.weir.samples.orders;

import dev.weir.dsl.EventType;

/**
 * What one region sold.
 *
 * @param region the region
 * @param orders how many orders
 * @param domesticCents value of its USD orders, in US cents
 * @param internationalCents value of its other orders, converted to US cents
 */
@EventType(name = "region.total", version = 1)
public record RegionTotal(String region, long orders, long domesticCents, long internationalCents) {

  public long totalCents() {
    return domesticCents + internationalCents;
  }
}
