package dev.weir.api;

/**
 * Marks a stage's handler as one that acts on the world outside the flow (charges a card, sends a
 * mail, writes to another system): an {@link AsyncTransform} that calls out, or a {@link Sink}. Its
 * outcome for each event (the output or dead letter of an async call, a sink's receipt) is journaled
 * before the event counts as done, and:
 *
 * <ul>
 *   <li>a resumed run does not perform it again for an event whose outcome was journaled; one that was
 *       started but whose outcome was not journaled is performed again (at least once), and a
 *       {@link KeyedSink} is told that it may be a retry;
 *   <li>a replay uses the journaled outcomes instead of performing it, unless live effects are asked
 *       for ({@code --replay-live-effects}, {@code FlowBuilder.replayLiveEffects()}).
 * </ul>
 *
 * <p>Implement it next to the handler's own interface, for example
 * {@code class Charge implements AsyncTransform<Order, Payment>, Effect}.
 */
public interface Effect {}
