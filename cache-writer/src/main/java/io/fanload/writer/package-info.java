/**
 * cache-writer: turns a pilot (per-rank records plus the files they name) into one fanload archive,
 * expands archives into node-local images, and inspects, verifies and compares archives.
 */
package io.fanload.writer;
