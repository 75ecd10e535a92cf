package io.fanload.server.protocol;

import java.util.Objects;

/** Where a node's data server listens: the node's id plus the host and port it advertised. */
public record Endpoint(String nodeId, String host, int port) {

    public Endpoint {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return nodeId + "@" + host + ":" + port;
    }
}
