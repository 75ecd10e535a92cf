/**
 * Compatibility tests of loader-hooks: real applications and probe programs run plain
 * ({@code java -cp}, or {@code java -jar}), then as a pilot of two recording ranks, then served from
 * a node-local image made by cache-writer — output must be byte-identical, nothing may miss (but
 * names that legitimately differ from run to run, counted and named), and under {@code strace -f}
 * the served run must not touch the original class-path or library folders. The applications and
 * what each one exercises: docs/COMPAT-APPS.md.
 */
package io.fanload.compat;
