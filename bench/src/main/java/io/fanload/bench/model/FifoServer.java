package io.fanload.bench.model;

/**
 * One first-come-first-served server with a deterministic service time: the metadata server.
 * Lustre's MDS has many service threads, but at saturation what matters is its aggregate rate
 * (operations per second); one queue with service time 1/rate reproduces that rate and the
 * queueing delay below it (M/D/1 for Poisson arrivals, checked in the tests).
 */
public final class FifoServer {

    private final double serviceSeconds;
    private double freeAt;
    private double lastArrival = Double.NEGATIVE_INFINITY;
    private long served;
    private double busySeconds;

    public FifoServer(double serviceSeconds) {
        if (!(serviceSeconds >= 0)) {
            throw new IllegalArgumentException("service time must be >= 0: " + serviceSeconds);
        }
        this.serviceSeconds = serviceSeconds;
    }

    /** Serves {@code units} operations arriving together at {@code arrival}; returns their departure. */
    public double serve(double arrival, int units) {
        if (arrival < lastArrival) {
            throw new IllegalStateException("arrivals must come in time order: " + arrival + " < " + lastArrival);
        }
        lastArrival = arrival;
        double start = Math.max(arrival, freeAt);
        double work = serviceSeconds * units;
        freeAt = start + work;
        served += units;
        busySeconds += work;
        return freeAt;
    }

    public double serve(double arrival) {
        return serve(arrival, 1);
    }

    public long served() {
        return served;
    }

    public double busySeconds() {
        return busySeconds;
    }
}
