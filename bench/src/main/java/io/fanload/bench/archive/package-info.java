/**
 * JMH benchmarks of the archive format (issue "Foundations"): open + index against opening the
 * same content as jars, lookup, reading one entry, write throughput, LZ4 decompression per core.
 */
package io.fanload.bench.archive;
