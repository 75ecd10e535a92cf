/**
 * The figures of docs/perf/bench.md: tables and PNG plots (XChart, headless) from the contention
 * benchmark's results, the tree benchmark's figures in docs/perf/tree.md and the start-up model.
 * One command regenerates all of it: bench/scripts/regenerate.sh.
 */
package io.fanload.bench.plots;
