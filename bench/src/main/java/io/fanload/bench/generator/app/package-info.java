/**
 * The driver of a generated application. It is compiled with bench and copied, class file and
 * all, into the generated application's {@code driver.jar}; it uses only the JDK, so the
 * application runs with plain {@code java} and with fanload alike.
 */
package io.fanload.bench.generator.app;
