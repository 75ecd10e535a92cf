package io.fanload.launch.doc;

import io.fanload.launch.LaunchCommand;
import io.fanload.launch.cli.CacheCommand;
import io.fanload.launch.cli.Version;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code launch.1} and {@code fanload-cache.1} (roff, man(7) macros) from the commands'
 * picocli models, so the man page and {@code --help} cannot drift apart. The release build runs
 * {@code main(folder)}; picocli's own generator writes AsciiDoc, which would need Asciidoctor.
 */
public final class ManPages {

    private ManPages() {
    }

    /** Writes both pages into {@code args[0]} (e.g. target/man/man1). */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length == 0 ? "." : args[0]);
        Files.createDirectories(folder);
        PrintWriter sink = new PrintWriter(new StringWriter());
        write(folder.resolve("launch.1"), LaunchCommand.commandLine(sink, sink, Map.of(), Path.of("")));
        write(folder.resolve("fanload-cache.1"), CacheCommand.commandLine(sink, sink));
    }

    static void write(Path file, CommandLine commandLine) throws IOException {
        Files.writeString(file, page(commandLine.getCommandSpec()), StandardCharsets.UTF_8);
    }

    /** The whole page of {@code spec}. */
    static String page(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        String name = spec.name();
        String[] description = spec.usageMessage().description();
        out.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"")
                .append(escape(Version.line())).append("\" \"fanload manual\"\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(description.length == 0 ? "" : description[0])).append('\n');
        out.append(".SH SYNOPSIS\n.nf\n");
        spec.commandLine().getHelp().synopsis(0).lines().forEach(line -> out.append(escape(line)).append('\n'));
        out.append(".fi\n");
        if (description.length > 1) {
            out.append(".SH DESCRIPTION\n.nf\n");
            for (int i = 1; i < description.length; i++) {
                out.append(escape(format(description[i]))).append('\n');
            }
            out.append(".fi\n");
        }
        options(spec, out);
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec subSpec = sub.getCommandSpec();
            if (subSpec.name().equals("help")) {
                continue;
            }
            out.append(".SH COMMAND ").append(escape(subSpec.name().toUpperCase(Locale.ROOT))).append('\n');
            out.append(".nf\n");
            sub.getHelp().synopsis(0).lines().forEach(line -> out.append(escape(line)).append('\n'));
            out.append(".fi\n");
            for (String line : subSpec.usageMessage().description()) {
                out.append(escape(format(line))).append('\n');
            }
            optionList(subSpec.options(), subSpec, out);
        }
        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            out.append(".SH EXIT STATUS\n");
            exitCodes.forEach((code, meaning) -> {
                if (code.isBlank()) {
                    out.append(escape(meaning.strip())).append('\n');
                } else {
                    out.append(".TP\n.B ").append(escape(code.strip())).append('\n').append(escape(meaning.strip())).append('\n');
                }
            });
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            out.append(".SH ENVIRONMENT\n.nf\n");
            for (String line : footer) {
                out.append(escape(format(line))).append('\n');
            }
            out.append(".fi\n");
        }
        return out.toString();
    }

    /** The options, one subsection per argument group in --help's order, then the rest. */
    private static void options(CommandSpec spec, StringBuilder out) {
        out.append(".SH OPTIONS\n");
        List<OptionSpec> grouped = new ArrayList<>();
        List<ArgGroupSpec> groups = new ArrayList<>(spec.argGroups());
        groups.sort(Comparator.comparingInt(ArgGroupSpec::order));
        for (ArgGroupSpec group : groups) {
            String heading = group.heading() == null ? "Options" : format(group.heading()).strip();
            out.append(".SS ").append(escape(heading.endsWith(":") ? heading.substring(0, heading.length() - 1) : heading)).append('\n');
            optionList(group.options(), spec, out);
            grouped.addAll(group.options());
        }
        List<OptionSpec> rest = new ArrayList<>(spec.options());
        rest.removeAll(grouped);
        if (!rest.isEmpty()) {
            if (!groups.isEmpty()) {
                out.append(".SS Other\n");
            }
            optionList(rest, spec, out);
        }
    }

    private static void optionList(List<OptionSpec> options, CommandSpec spec, StringBuilder out) {
        for (OptionSpec option : options) {
            if (option.hidden()) {
                continue;
            }
            out.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String optionName : option.names()) {
                names.add("\\fB" + escape(optionName) + "\\fR");
            }
            out.append(String.join(", ", names));
            if (option.arity().max() > 0) {
                out.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            out.append('\n');
            for (String line : option.description()) {
                String text = line.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
                out.append(escape(format(text))).append('\n');
            }
        }
    }

    /** picocli's %n is a line break; %% a percent sign. */
    private static String format(String text) {
        return text.replace("%n", "\n").replace("%%", "%");
    }

    /** roff: backslashes doubled, hyphens literal, no line starting with a control character. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String escaped = line.replace("\\", "\\e").replace("-", "\\-");
            if (escaped.startsWith(".") || escaped.startsWith("'")) {
                escaped = "\\&" + escaped;
            }
            out.append(escaped);
        }
        return out.toString();
    }
}
