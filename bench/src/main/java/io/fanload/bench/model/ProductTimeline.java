package io.fanload.bench.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hook for the product path's per-node timeline (issue 19, item 1): launch's report gives each
 * node's {@code firstByteSeconds}, {@code lastByteSeconds} and {@code readySeconds} under
 * {@code nodeStatus}. A report kept in bench/results ({@code timeline-*.json}) calibrates what the
 * model otherwise assumes: a node's work between its last byte and READY (digest, image), and how
 * long after the root's first read the last node is ready. Reads only those numbers (no JSON library
 * in the bench); a node without them is left out.
 */
public record ProductTimeline(List<Node> nodes) {

    /** One node's times, in seconds since the root's first read. */
    public record Node(String name, double firstByte, double lastByte, double ready) {
    }

    private static final Pattern NODE = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\{([^{}]*)\\}");

    public static ProductTimeline read(Path report) throws IOException {
        String json = Files.readString(report);
        int at = json.indexOf("\"nodeStatus\"");
        List<Node> nodes = new ArrayList<>();
        if (at >= 0) {
            Matcher m = NODE.matcher(json.substring(at));
            while (m.find()) {
                double first = number(m.group(2), "firstByteSeconds");
                double last = number(m.group(2), "lastByteSeconds");
                double ready = number(m.group(2), "readySeconds");
                if (!Double.isNaN(first) && !Double.isNaN(last) && !Double.isNaN(ready)) {
                    nodes.add(new Node(m.group(1), first, last, ready));
                }
            }
        }
        return new ProductTimeline(List.copyOf(nodes));
    }

    private static double number(String fields, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(fields);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The median of a node's READY after its last byte: the model's {@code nodeReadySeconds}. */
    public double medianReadyAfterLastByte() {
        double[] d = nodes.stream().mapToDouble(n -> n.ready() - n.lastByte()).sorted().toArray();
        return d.length == 0 ? Double.NaN : d[d.length / 2];
    }

    /** When the last node was ready: the report's distribution time. */
    public double lastReady() {
        return nodes.stream().mapToDouble(Node::ready).max().orElse(Double.NaN);
    }

    /** The latest first byte: how long the tree took to reach every node at all. */
    public double lastFirstByte() {
        return Arrays.stream(nodes.stream().mapToDouble(Node::firstByte).toArray()).max().orElse(Double.NaN);
    }
}
