/**
 * The control plane at scale (issue 19, item 4): thousands of light simulated agents that speak
 * the real protocol (handshake, Register, Progress, ParentLost, Ready) to a real coordinator over
 * loopback, spread over a few JVMs; the data plane is simulated (no archive bytes move). Results:
 * docs/perf/scale.md.
 */
package io.fanload.bench.control;
