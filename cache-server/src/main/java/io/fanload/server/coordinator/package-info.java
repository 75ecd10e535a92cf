/**
 * The coordinator: runs inside {@code launch}, accepts authenticated agents, places each in the
 * tree, hands out the archive's size and digest, re-parents orphans, and collects per-node
 * outcomes into a {@link io.fanload.server.coordinator.DistributionResult}. All of its state lives on
 * one event-loop thread.
 */
package io.fanload.server.coordinator;
