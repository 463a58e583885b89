package dev.weir.samples.supportsla;

import dev.weir.dsl.EventType;

/**
 * One row of {@code sla-tiers.csv}: a customer's support tier and the hours it was promised for a
 * first response.
 *
 * @param customer the customer's id, what tickets name
 * @param company the customer's name
 * @param tier {@code enterprise}, {@code business} or {@code standard}
 * @param urgentHours hours to the first response for an urgent ticket
 * @param normalHours hours to the first response for a normal ticket
 */
@EventType(name = "support.sla-tier", version = 1)
public record SlaTier(String customer, String company, String tier, int urgentHours, int normalHours) {}
