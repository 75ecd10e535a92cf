/**
 * Compatibility tests of loader-hooks: real applications and probe programs run plain
 * ({@code java -cp}), then as a pilot of two recording ranks, then served from a node-local image
 * made by cache-writer — output must be byte-identical, nothing may miss, and under
 * {@code strace -f} the served run must not touch the original class-path or library folders.
 */
package io.fanload.compat;
