/** Test fixtures packed into jars by loader-hooks' tests and loaded by the loader under test (outside io.fanload.hooks, which the loader leaves to its parent). */
package probe.app;
