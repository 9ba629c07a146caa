package dev.vmm.intercept.internal;

import dev.vmm.intercept.InterceptMetrics;
import dev.vmm.intercept.Outcome;
import dev.vmm.intercept.Verdict;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Outcome counters and the latency histogram of one interceptor; written by every event loop. */
final class MetricsRecorder {
  private static final Outcome[] OUTCOMES = Outcome.values();

  private final LongAdder[] counts = new LongAdder[OUTCOMES.length];
  /** Three significant digits, auto-resizing: any latency from 1 ns up is recorded. */
  private final ConcurrentHistogram latency = new ConcurrentHistogram(3);

  MetricsRecorder() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** The outcome a chain's verdict counts as. */
  static Outcome outcomeOf(Verdict verdict) {
    return switch (verdict) {
      case Verdict.Pass pass -> Outcome.PASS;
      case Verdict.Replace replace -> Outcome.REPLACE;
      case Verdict.Drop drop -> Outcome.DROP;
      case Verdict.Close close -> Outcome.CLOSE;
      case Verdict.Reply reply -> Outcome.REPLY;
    };
  }

  void record(Outcome outcome, long latencyNanos) {
    counts[outcome.ordinal()].increment();
    latency.recordValue(Math.max(1, latencyNanos));
  }

  InterceptMetrics snapshot(long inFlight, long peakInFlight, long restarts) {
    Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
    for (Outcome outcome : OUTCOMES) {
      byOutcome.put(outcome, counts[outcome.ordinal()].sum());
    }
    Histogram copy = latency.copy();
    long[] percentiles = {
        copy.getValueAtPercentile(50), copy.getValueAtPercentile(90),
        copy.getValueAtPercentile(99), copy.getValueAtPercentile(99.9)};
    return new InterceptMetrics(byOutcome, percentiles, copy.getMaxValue(), inFlight,
        peakInFlight, restarts);
  }
}
