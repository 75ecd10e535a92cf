/**
 * fanload's code that runs inside every rank's JVM. Nothing under this package may depend on a
 * library outside the JDK: the application brings its own Netty, LZ4 or Commons Compress and must
 * never see ours.
 */
package io.fanload.hooks;
