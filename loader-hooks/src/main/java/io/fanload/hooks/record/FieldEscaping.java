package io.fanload.hooks.record;

/**
 * Percent-escaping for tab-separated record fields: names and paths may legally contain a tab, a
 * line break or a percent sign, and a record must still parse one line per event.
 */
final class FieldEscaping {

    private FieldEscaping() {
    }

    static String escape(String field) {
        int i = 0;
        while (i < field.length() && !needsEscape(field.charAt(i))) {
            i++;
        }
        if (i == field.length()) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length() + 8).append(field, 0, i);
        for (; i < field.length(); i++) {
            char c = field.charAt(i);
            if (needsEscape(c)) {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException on a malformed escape */
    static String unescape(String field) {
        int percent = field.indexOf('%');
        if (percent < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length()).append(field, 0, percent);
        for (int i = percent; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= field.length()) {
                throw new IllegalArgumentException("truncated %-escape");
            }
            int hi = Character.digit(field.charAt(i + 1), 16);
            int lo = Character.digit(field.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("bad %-escape");
            }
            out.append((char) (hi << 4 | lo));
            i += 2;
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c == '%' || c == '\t' || c == '\n' || c == '\r';
    }
}
