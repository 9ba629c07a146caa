package dev.vmm.intercept;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of an {@link Interceptor}'s counters: outcomes, guest latency, in-flight bytes.
 *
 * <p>Latency is measured per chunk from the moment the handler hands it to the guest to the
 * moment its verdict (or the failure policy) is applied, in nanoseconds, with three significant
 * digits (HdrHistogram).
 */
public final class InterceptMetrics {
  private final EnumMap<Outcome, Long> counts;
  private final long[] latencyPercentiles;
  private final long latencyMax;
  private final long inFlightBytes;
  private final long peakInFlightBytes;
  private final long guestRestarts;

  /**
   * Makes a snapshot; the interceptor calls this, users read snapshots.
   *
   * @param counts count per outcome; missing outcomes count 0
   * @param latencyPercentiles latency in ns at the 50th, 90th, 99th and 99.9th percentiles
   * @param latencyMax the largest latency in ns
   * @param inFlightBytes bytes read and not yet decided and released now
   * @param peakInFlightBytes the largest {@code inFlightBytes} seen
   * @param guestRestarts how often the guest was restarted after dying or hanging
   */
  public InterceptMetrics(Map<Outcome, Long> counts, long[] latencyPercentiles, long latencyMax,
      long inFlightBytes, long peakInFlightBytes, long guestRestarts) {
    this.counts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      this.counts.put(outcome, counts.getOrDefault(outcome, 0L));
    }
    if (latencyPercentiles.length != 4) {
      throw new IllegalArgumentException(
          "need 4 latency percentiles (p50, p90, p99, p99.9), got " + latencyPercentiles.length);
    }
    this.latencyPercentiles = latencyPercentiles.clone();
    this.latencyMax = latencyMax;
    this.inFlightBytes = inFlightBytes;
    this.peakInFlightBytes = peakInFlightBytes;
    this.guestRestarts = guestRestarts;
  }

  /**
   * Returns how many chunks and flow openings ended with an outcome.
   *
   * @param outcome the outcome
   * @return the count
   */
  public long count(Outcome outcome) {
    return counts.get(outcome);
  }

  /**
   * Returns the sum of all outcome counts.
   *
   * @return the total
   */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns the median guest latency.
   *
   * @return nanoseconds
   */
  public long p50Nanos() {
    return latencyPercentiles[0];
  }

  /**
   * Returns the 90th percentile guest latency.
   *
   * @return nanoseconds
   */
  public long p90Nanos() {
    return latencyPercentiles[1];
  }

  /**
   * Returns the 99th percentile guest latency.
   *
   * @return nanoseconds
   */
  public long p99Nanos() {
    return latencyPercentiles[2];
  }

  /**
   * Returns the 99.9th percentile guest latency.
   *
   * @return nanoseconds
   */
  public long p999Nanos() {
    return latencyPercentiles[3];
  }

  /**
   * Returns the largest guest latency.
   *
   * @return nanoseconds
   */
  public long maxNanos() {
    return latencyMax;
  }

  /**
   * Returns the bytes read from peers that are still waiting for a verdict or for the guest to
   * let go of them.
   *
   * @return bytes
   */
  public long inFlightBytes() {
    return inFlightBytes;
  }

  /**
   * Returns the largest {@link #inFlightBytes()} since the interceptor started.
   *
   * @return bytes
   */
  public long peakInFlightBytes() {
    return peakInFlightBytes;
  }

  /**
   * Returns how often the guest was restarted (child JVM only; in-process guests never are).
   *
   * @return restarts
   */
  public long guestRestarts() {
    return guestRestarts;
  }

  @Override
  public String toString() {
    return "InterceptMetrics" + counts + " latency p50=" + p50Nanos() + "ns p99=" + p99Nanos()
        + "ns max=" + latencyMax + "ns inFlight=" + inFlightBytes + " peak=" + peakInFlightBytes
        + " restarts=" + guestRestarts;
  }
}
