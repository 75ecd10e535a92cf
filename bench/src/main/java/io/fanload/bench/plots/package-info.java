/**
 * docs/perf/bench.md, docs/perf/scale.md, the generated blocks of docs/PERFORMANCE.md and docs/perf/tree.md, and the PNG
 * plots of docs/plots (XChart, headless), from the data in bench/results (contention runs, the
 * generator's timings, the tree runs, the control-plane and many-ranks runs) and the start-up model. One class per section computes its
 * figures; the prose is in Mustache templates (resources of this package), so a measured number is
 * stored once, in bench/results. One command regenerates all of it: bench/scripts/regenerate.sh.
 */
package io.fanload.bench.plots;
