package io.fanload.hooks.classpath;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of URL paths with the character set of the JDK's {@code ParseUtil.encodePath}
 * (controls, space, {@code " # % ; < = > ? [ \ ] ^ ` { | }}, DEL and every non-ASCII character as
 * UTF-8), so that resource URLs read exactly like those of {@code URLClassLoader}.
 */
public final class UrlPaths {

    private UrlPaths() {
    }

    public static String encode(String path) {
        int first = firstToEncode(path);
        if (first < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 16).append(path, 0, first);
        byte[] utf8 = path.substring(first).getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c < 0x80 && !needsEncoding((char) c)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** Undoes {@link #encode}; a malformed escape is kept as it is. */
    public static String decode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()
                    && Character.digit(path.charAt(i + 1), 16) >= 0 && Character.digit(path.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(path.charAt(i + 1), 16) << 4 | Character.digit(path.charAt(i + 2), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int firstToEncode(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c >= 0x80 || needsEncoding(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean needsEncoding(char c) {
        return c < 0x20 || c == 0x7F || " \"#%;<=>?[\\]^`{|}".indexOf(c) >= 0;
    }
}
