/**
 * The {@code fanload-cache} command line (write, inspect, verify, diff, image): picocli commands
 * that are {@code Callable<Integer>}, exit codes named once in {@link io.fanload.launch.cli.ExitCodes},
 * and one exception mapper that turns every failure into one line. {@code launch}
 * reuses the exit codes and the mapper.
 */
package io.fanload.launch.cli;
