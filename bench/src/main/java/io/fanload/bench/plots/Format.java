package io.fanload.bench.plots;

import io.fanload.bench.contention.Stats;

import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the report writes a figure in prose and tables (Table's own helpers write seconds and ratios). */
final class Format {

    private static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten"};
    private static final Pattern NATIVES = Pattern.compile("natives=(\\d+)");

    private Format() {
    }

    /** "1.69 s (1.30 s–1.73 s)": median (min–max), "–" without runs. */
    static String range(Stats s) {
        return s.n() == 0 ? "–" : Table.seconds(s.median()) + " (" + Table.seconds(s.min()) + "–" + Table.seconds(s.max()) + ")";
    }

    static String kib(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f KiB", v);
    }

    /** An injected latency: "300 µs", "2 ms". */
    static String latency(int delayUs) {
        return delayUs >= 1000 ? (delayUs / 1000.0 + " ms").replace(".0 ", " ") : delayUs + " µs";
    }

    /** A byte count in a properties file, in MB with one decimal. */
    static String mb(Properties p, String key) {
        return String.format(Locale.ROOT, "%.1f", Long.parseLong(p.getProperty(key, "0")) / 1e6);
    }

    /** A millisecond count in a properties file, in seconds with one decimal. */
    static String ms(Properties p, String key) {
        return String.format(Locale.ROOT, "%.1f s", Long.parseLong(p.getProperty(key, "0")) / 1e3);
    }

    static String thousands(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String decimals(double v, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", v);
    }

    /** A small count as prose writes it ("three"), larger ones as digits. */
    static String word(int n) {
        return n >= 0 && n < WORDS.length ? WORDS[n] : Integer.toString(n);
    }

    static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The JNI libraries of a generated application: its generator-PRESET.properties' spec line ("natives=10"). */
    static String natives(Properties generated) {
        Matcher m = NATIVES.matcher(generated.getProperty("spec", ""));
        return m.find() ? m.group(1) : "–";
    }
}
