/** Benchmarks and the benchmark harness; figures and commands live in docs/PERFORMANCE.md. */
package io.fanload.bench;
