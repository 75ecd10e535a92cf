package io.fanload.server.placement;

import io.fanload.server.protocol.Message;

/** One message the coordinator must send: {@code message} to the agent of node {@code to}. */
public record Send(String to, Message message) {
}
