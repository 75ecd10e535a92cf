/**
 * Native libraries for {@code System.loadLibrary}: the JDK's search rules (its own libraries
 * first, then java.library.path), the preloaded native library path of serve mode (the image's
 * {@code lib/} folder, with DT_NEEDED dependencies loaded first where they have a soname), and the
 * shared objects a process has mapped, read from {@code /proc/self/maps} at the end of a pilot.
 */
package io.fanload.hooks.natives;
