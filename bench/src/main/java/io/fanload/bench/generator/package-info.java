/**
 * The synthetic workload generator: the Java counterpart of LLNL's Pynamic. It writes an
 * application of N jars of M classes (padded names, method counts, calls across jars to a set
 * depth), utility jars, resources (service files, and names that are probed but absent) and K JNI
 * libraries built with gcc that depend on each other through DT_NEEDED, plus a driver
 * ({@link io.fanload.bench.generator.app.GenDriver}) that reports Pynamic's four timings.
 * Presets and generation time: docs/perf/bench.md.
 */
package io.fanload.bench.generator;
