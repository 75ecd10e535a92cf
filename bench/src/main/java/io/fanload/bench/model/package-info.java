/**
 * A discrete-event model of a job start at 24 to 24,000+ ranks: a metadata server (one FIFO queue
 * with a service rate and a round-trip latency) that every plain rank sends its file-system
 * operations to, against fanload's start (one reader, a chunked fan-out tree with per-hop latency
 * and link bandwidth, node-local serving) with the control plane's measured costs (the coordinator's
 * rendezvous storm, the ranks' look at READY) and, when kept, the product path's per-node timeline.
 * Calibrated on the test bed's measured runs; parameters and sources in docs/perf/bench.md and
 * docs/perf/scale.md.
 */
package io.fanload.bench.model;
