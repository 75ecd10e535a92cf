/**
 * Start-up of real applications with fanload's loader: plain {@code java -cp} from local disk vs
 * record mode vs served from a node-local image, interleaved in one run (docs/perf/loader.md).
 */
package io.fanload.bench.loader;
