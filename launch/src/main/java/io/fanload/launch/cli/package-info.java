/**
 * The {@code fanload-cache} command line (write, inspect, verify, diff, image): picocli commands
 * that are {@code Callable<Integer>}, exit codes named once in {@link io.fanload.launch.cli.ExitCodes}
 * (fanload's own failures in 64-79, apart from ranks' statuses), and one exception mapper that
 * turns every failure into one line saying what and where. {@code launch} reuses the exit codes,
 * the mapper, inspect and verify, and the version both commands print ({@code Version}: release and
 * commit, written into a resource by the build).
 */
package io.fanload.launch.cli;
