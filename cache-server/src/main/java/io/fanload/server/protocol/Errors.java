package io.fanload.server.protocol;

import io.netty.handler.codec.DecoderException;

/** Turns a throwable into the one line fanload logs (never a stack trace). */
public final class Errors {

    private Errors() {
    }

    public static String oneLine(Throwable cause) {
        Throwable t = cause;
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
        return text.replace('\n', ' ');
    }
}
