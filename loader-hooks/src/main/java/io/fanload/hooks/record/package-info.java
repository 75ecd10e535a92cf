/**
 * Record mode: the pilot rank loads from the real class path while everything it finds, probes in
 * vain and maps as a native library is noted in first-use order, and written as a
 * {@link io.fanload.hooks.pilotrecord.PilotRecord} when the JVM exits.
 */
package io.fanload.hooks.record;
