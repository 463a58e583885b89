package dev.weir.metrics;

import dev.weir.engine.ProcessingTimes;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code weir_stage_processing_seconds} as a Prometheus histogram (with {@code _bucket},
 * {@code _count} and {@code _sum}), read from the stages' own {@link ProcessingTimes}: the stages
 * count into plain arrays, once per poll of an input, and only a scrape builds the histogram.
 * Micrometer's timers, recorded for each input, slowed a metered pipeline down more than twice.
 */
final class ProcessingHistograms implements MultiCollector {

  static final String NAME = "weir_stage_processing_seconds";
  private static final double[] BOUNDS = bounds();

  private record Series(Labels labels, ProcessingTimes times) {}

  private final List<Series> series = new ArrayList<>();

  void add(String flow, String stage, String kind, ProcessingTimes times) {
    series.add(new Series(Labels.of("flow", flow, "kind", kind, "stage", stage), times));
  }

  private static double[] bounds() {
    double[] out = new double[ProcessingTimes.UPPER_BOUNDS_NANOS.length + 1];
    for (int i = 0; i < ProcessingTimes.UPPER_BOUNDS_NANOS.length; i++) {
      out[i] = ProcessingTimes.UPPER_BOUNDS_NANOS[i] / 1e9;
    }
    out[out.length - 1] = Double.POSITIVE_INFINITY;
    return out;
  }

  @Override
  public MetricSnapshots collect() {
    HistogramSnapshot.Builder h = HistogramSnapshot.builder().name(NAME)
        .help("time the stage took to handle one input (its handler and middleware, journaling what it emitted)");
    for (Series s : series) {
      long[] counts = s.times().bucketCounts(); // read before the sum: a racing input is in neither or only here
      double sum = s.times().sumNanos() / 1e9;
      h.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(s.labels())
          .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, counts)).sum(sum).build());
    }
    return MetricSnapshots.of(h.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(NAME);
  }
}
