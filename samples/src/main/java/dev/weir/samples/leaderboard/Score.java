package dev.weir.samples.leaderboard;

import dev.weir.dsl.EventType;

/**
 * One match result, from {@code scores.csv}.
 *
 * @param matchId the match
 * @param player who played
 * @param points what they scored
 */
@EventType(name = "score", version = 1)
public record Score(long matchId, String player, int points) {}
