/**
 * The coordinator: runs inside {@code launch}, accepts authenticated agents and hands what they
 * say to {@link io.fanload.server.placement.Placement}, which decides where each node goes, who
 * adopts orphans and who leaves a slow parent; writes out what it decides, hands out the archive's
 * size and digest, and collects per-node outcomes into a
 * {@link io.fanload.server.coordinator.DistributionResult}. All of its state lives on one
 * event-loop thread.
 */
package io.fanload.server.coordinator;
