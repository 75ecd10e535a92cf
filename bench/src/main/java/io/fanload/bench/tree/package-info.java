/**
 * Benchmarks of the fan-out tree: many agents in one process on loopback (completion time, CPU per
 * byte), one agent's relay rate on one event-loop thread, and the coordinator side of the
 * network-namespace runs driven by bench/scripts/tree-netns.sh. Results: docs/perf/tree.md.
 */
package io.fanload.bench.tree;
