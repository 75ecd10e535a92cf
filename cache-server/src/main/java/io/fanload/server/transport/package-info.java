/**
 * Sockets and pipelines: the native epoll transport when the platform has it, NIO otherwise; one
 * method that builds every pipeline (codecs, handshake, business handler) in a fixed order; the
 * zero-copy file region and the size estimator that makes it count for back-pressure; the bound
 * on how many connections a listener lets wait to authenticate, and for how long.
 */
package io.fanload.server.transport;
