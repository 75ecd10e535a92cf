/**
 * Reading what the pilot named, the way the JVM would: jars (Commons Compress: zip64, data
 * descriptors, duplicate entries; multi-release resolution for the pilot's feature release; code
 * signers from the JDK's own jar verifier), class-path folders, and shared objects (ELF soname and
 * DT_NEEDED). Every limit breach or inconsistency is one {@link io.fanload.writer.source.BuildException} line.
 */
package io.fanload.writer.source;
