package dev.weir.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The JDBC sink's record of the events it committed: one row per {@link DeliveryKey} (sink name, run,
 * stage, seq; the primary key), written in the transaction of the event's own row, so that a row and
 * its key are committed together or not at all. A redelivered event finds its key and is skipped.
 */
final class DeliveryLedger {

  private final String table;
  private final String name;
  /** The keys already in the ledger for the run being delivered, by stage: seqs up to Integer.MAX_VALUE. */
  private final Map<String, BitSet> delivered = new HashMap<>();
  private final Set<DeliveryKey> deliveredLarge = new HashSet<>();

  DeliveryLedger(String table, String name) {
    this.table = table;
    this.name = name;
  }

  String table() {
    return table;
  }

  /** Creates the table when absent and reads which events of {@code run} it holds; commits. */
  void open(Connection c, String run) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + table + " (sink VARCHAR(200) NOT NULL, run VARCHAR(200) NOT NULL,"
          + " stage VARCHAR(200) NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (sink, run, stage, seq))");
    }
    c.commit();
    try (PreparedStatement q = c.prepareStatement("SELECT stage, seq FROM " + table + " WHERE sink = ? AND run = ?")) {
      q.setString(1, name);
      q.setString(2, run);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String stage = rs.getString(1);
          long seq = rs.getLong(2);
          if (seq <= Integer.MAX_VALUE) {
            delivered.computeIfAbsent(stage, k -> new BitSet()).set((int) seq);
          } else {
            deliveredLarge.add(new DeliveryKey(run, stage, seq));
          }
        }
      }
    }
    c.commit();
  }

  /** Whether the ledger held {@code key} when it was opened. */
  boolean contains(DeliveryKey key) {
    if (key.seq() <= Integer.MAX_VALUE) {
      BitSet seqs = delivered.get(key.stage());
      return seqs != null && seqs.get((int) key.seq());
    }
    return deliveredLarge.contains(key);
  }

  PreparedStatement prepareInsert(Connection c) throws SQLException {
    return c.prepareStatement("INSERT INTO " + table + " (sink, run, stage, seq) VALUES (?, ?, ?, ?)");
  }

  void addInsert(PreparedStatement insert, DeliveryKey key) throws SQLException {
    insert.setString(1, name);
    insert.setString(2, key.run());
    insert.setString(3, key.stage());
    insert.setLong(4, key.seq());
    insert.addBatch();
  }
}
