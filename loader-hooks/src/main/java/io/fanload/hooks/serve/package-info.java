/**
 * Serve mode: classes, resources and natives answered from the node-local image, mapped once and
 * indexed in place, under the names of the node-local class-path copies ({@code <image>/cp/...}):
 * code-source locations, {@code jar:file:} and {@code file:} resource URLs and
 * {@code java.class.path} all point there. Owns the count of what was served, what missed and what
 * went to the shared file system, and the search of the copies for a miss.
 */
package io.fanload.hooks.serve;
