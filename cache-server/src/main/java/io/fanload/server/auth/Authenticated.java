package io.fanload.server.auth;

/**
 * User event fired down a pipeline when the handshake succeeded; the auth handler has removed
 * itself and the frame decoder now accepts protocol frames. {@code peerNodeId} is the id the
 * client gave (on the client side: the id it sent).
 */
public record Authenticated(String peerNodeId) {
}
