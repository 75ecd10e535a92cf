/**
 * A discrete-event model of a job start at 24 to 24,000+ ranks: a metadata server (one FIFO queue
 * with a service rate and a round-trip latency) that every plain rank sends its file-system
 * operations to, against fanload's start (one reader, a chunked fan-out tree with per-hop latency
 * and link bandwidth, node-local serving). Calibrated on the test bed's measured runs; parameters
 * and sources in docs/perf/bench.md.
 */
package io.fanload.bench.model;
