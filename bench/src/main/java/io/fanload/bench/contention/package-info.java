/**
 * The contention benchmark's results: bench/scripts/contention.sh runs R ranks of a generated
 * application on the test bed, plain against {@code launch --read-cache}, and writes one
 * tab-separated row per run; this package reads those rows and reduces repetitions to medians.
 */
package io.fanload.bench.contention;
