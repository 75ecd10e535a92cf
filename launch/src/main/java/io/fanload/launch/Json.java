package io.fanload.launch;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's JSON, through Jackson jr: maps, lists, strings, numbers, booleans, null. */
final class Json {

    /** {@code "key": value}, two-space indents, null values written: the layout the report always had. */
    private static final JSON WRITER = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
            .with(new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private Json() {
    }

    static String write(Object value) {
        try {
            return WRITER.asString(finite(value)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JSON has no NaN or infinity: such a measurement is null. Other doubles keep six decimals in
     * plain notation, as the report always had (scripts grep {@code "distributionSeconds": [0-9.]*};
     * Double.toString would write 5.0E-4).
     */
    private static Object finite(Object value) {
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : new BigDecimal(String.format(Locale.ROOT, "%.6f", d));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), finite(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Json::finite).toList();
        }
        return value;
    }
}
