package dev.weir.resume;

import dev.weir.flow.FlowDefinition;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.journal.RunArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Record-for-record comparison of two runs' stage journals, timestamps aside (until RunComparison lands). */
final class Journals2 {

  private Journals2() {}

  static List<String> differences(Path a, Path b, FlowDefinition def) throws Exception {
    List<String> out = new ArrayList<>();
    try (RunArchive ra = RunArchive.open(a, def, null); RunArchive rb = RunArchive.open(b, def, null)) {
      for (var s : def.stages()) {
        compare(ra.data(s.name()), rb.data(s.name()), out);
        compare(ra.errors(s.name()), rb.errors(s.name()), out);
      }
    }
    return out;
  }

  private static void compare(JournalView x, JournalView y, List<String> out) {
    if (x.lastSeq() != y.lastSeq()) {
      out.add(x.id() + ": " + x.lastSeq() + " vs " + y.lastSeq() + " records");
    }
    List<JournalRecord> xs = x.readAll();
    List<JournalRecord> ys = y.readAll();
    for (int i = 0; i < Math.min(xs.size(), ys.size()) && out.size() < 20; i++) {
      JournalRecord p = xs.get(i);
      JournalRecord q = ys.get(i);
      boolean same = p.kind() == q.kind() && p.parent().equals(q.parent()) && p.joined().equals(q.joined())
          && p.correlationId() == q.correlationId() && p.depth() == q.depth()
          && (p.kind() == dev.weir.flow.RecordKind.ERROR || Arrays.equals(p.payloadBytes(), q.payloadBytes()));
      if (!same) {
        out.add(x.id() + " seq " + p.seq() + ": " + p + " vs " + q);
      }
    }
  }
}
