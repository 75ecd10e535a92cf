/**
 * The system class loader that every rank's JVM runs with
 * ({@code -Djava.system.class.loader=io.fanload.hooks.loader.FanloadClassLoader}). It owns the
 * delegation rules (JDK packages and fanload's own classes to the parent, everything else to the
 * application's class path), lazy and re-entry-safe start, package definition and the choice of a
 * {@link io.fanload.hooks.source.LoadSource}: the real class path (record or plain mode) or the
 * node-local image (serve mode). docs/LOADER.md documents the properties it reads.
 */
package io.fanload.hooks.loader;
