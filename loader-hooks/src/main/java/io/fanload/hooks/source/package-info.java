/**
 * What a rank's class loader loads from, below the loader itself: the {@link
 * io.fanload.hooks.source.LoadSource} contract that each mode implements (record in {@code record},
 * serve in {@code serve}), the class path searched as the JDK searches it ({@link
 * io.fanload.hooks.source.ClassPathSource}), the settings that choose the mode, where loader-hooks'
 * own classes come from ({@link io.fanload.hooks.source.OwnClasses}), and how a rank stops with one
 * line. The loader package chooses and starts a source; the modes depend only on this one.
 */
package io.fanload.hooks.source;
