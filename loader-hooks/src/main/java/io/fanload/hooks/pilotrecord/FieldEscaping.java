package io.fanload.hooks.pilotrecord;

/**
 * Percent-escaping for tab-separated record fields: names and paths may legally contain a tab, a
 * line break or a percent sign, and a record must still parse one line per event.
 */
final class FieldEscaping {

    private FieldEscaping() {
    }

    static String escape(String field) {
        // almost no field needs escaping: four indexOf calls (compiled, vectorised) instead of a
        // per-character loop, which a pilot's exit ran interpreted and C2 then compiled (~2,000
        // fields for H2)
        if (field.indexOf('%') < 0 && field.indexOf('\t') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        int i = 0;
        while (!needsEscape(field.charAt(i))) {
            i++;
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
