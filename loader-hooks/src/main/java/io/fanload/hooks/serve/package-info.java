/**
 * Serve mode: classes, resources and natives answered from the node-local image, mapped once and
 * indexed in place. Owns the {@code fanload:} URL scheme (registered for the whole JVM through
 * {@code META-INF/services/java.net.spi.URLStreamHandlerProvider}), the node-local code-source
 * locations, the count of what was served and what missed, and the fallback to the real class
 * path for a miss.
 */
package io.fanload.hooks.serve;
