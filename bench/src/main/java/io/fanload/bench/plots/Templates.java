package io.fanload.bench.plots;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Renders the report's Mustache templates (resources next to this class: {@code NAME.mustache},
 * partials {@code {{> name}}} from the same folder). The output is Markdown, so values are written
 * as they are: Mustache's HTML escaping would turn a {@code <} or {@code &} in a command into an entity.
 * A partial ends with its last line and no blank line after it: mustache.java keeps the line break of
 * the {@code {{> name}}} line, which gives the blank line between sections. For the same reason a
 * table value ({@link Table#markdown()}) has no final line break.
 */
final class Templates {

    private static final MustacheFactory FACTORY = new DefaultMustacheFactory("io/fanload/bench/plots") {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private Templates() {
    }

    /** The template {@code name}.mustache rendered with the values in {@code scope}. */
    static String render(String name, Map<String, ?> scope) {
        Mustache template = FACTORY.compile(name + ".mustache");
        StringWriter out = new StringWriter();
        template.execute(out, scope);
        return out.toString();
    }
}
