/**
 * The {@code fanload-cache} command line (write, inspect, verify, diff, image): picocli commands
 * that are {@code Callable<Integer>}, exit codes named once in {@link io.fanload.writer.cli.ExitCodes},
 * and one exception mapper that turns every failure into one line. {@code launch} (cache-server)
 * reuses the exit codes and the mapper.
 */
package io.fanload.writer.cli;
