package dev.weir.api;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Sets the parameters of {@link Sinks#jdbc}'s statement from one item: {@code (ps, order) -> {
 * ps.setString(1, order.id()); ps.setLong(2, order.amountMinor()); }}. It only binds: the sink adds
 * the statement to its batch, executes and commits.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface StatementBinder<T> {

  /** Binds {@code item} into {@code ps}; an exception fails the batch's transaction and the flow. */
  void bind(PreparedStatement ps, T item) throws SQLException;
}
