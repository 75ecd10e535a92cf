/** A test fixture that starts a JVM of its own with its input arguments, as JMH forks its benchmarks: packed into a jar by loader-hooks' tests. */
package probe.fork;
