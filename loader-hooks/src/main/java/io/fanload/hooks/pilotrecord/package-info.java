/**
 * The per-rank pilot record: what one rank's JVM found, probed in vain, and mapped, in first-use
 * order. Record mode writes it at exit; cache-writer reads every rank's record and merges them.
 * Both sides live here so that the format has exactly one implementation; docs/FORMAT.md
 * (section "Pilot record") is its specification.
 */
package io.fanload.hooks.pilotrecord;
