package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands {@code @file} arguments the way the {@code java} launcher does (JDK "java Command-Line
 * Argument Files"): tokens split at white space; single or double quotes group, with backslash
 * escapes inside quotes; {@code #} starts a comment to the end of the line; {@code @@x} is the
 * literal {@code @x}; files do not nest. After {@code --disable-@files}, nothing is expanded, and
 * nothing after the main class (or {@code -jar}'s jar): those are the application's arguments, which
 * the launcher passes on as given (a CLI of picocli's reads its own {@code @file}s, a mail tool's
 * {@code @user} is no file at all).
 */
final class ArgFiles {

    private ArgFiles() {
    }

    static List<String> expand(List<String> args, Path cwd) {
        List<String> out = new ArrayList<>();
        MainClassScan scan = new MainClassScan();
        boolean enabled = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (scan.mainSeen()) {
                out.addAll(args.subList(i, args.size()));
                break;
            }
            if (arg.equals("--disable-@files")) {
                enabled = false;
                scan.add(arg, out);
            } else if (enabled && arg.startsWith("@@")) {
                scan.add(arg.substring(1), out);
            } else if (enabled && arg.startsWith("@") && arg.length() > 1) {
                for (String token : tokens(read(cwd.resolve(arg.substring(1))))) {
                    scan.add(token, out);
                }
            } else {
                scan.add(arg, out);
            }
        }
        return out;
    }

    /**
     * The launcher's {@code checkArg} (JDK {@code args.c}): the first argument that is neither an
     * option nor an option's value is the main class (or {@code -jar}'s jar, {@code -m}'s module);
     * what follows it belongs to the application.
     */
    private static final class MainClassScan {
        private boolean expectingValue;
        private boolean mainSeen;

        void add(String arg, List<String> out) {
            out.add(arg);
            if (arg.startsWith("--module=")) {
                mainSeen = true;
            } else if (arg.startsWith("-")) {
                // -jar's jar and -m's module end the launcher's arguments as a main class does
                expectingValue = JavaCommand.takesSeparateValue(arg);
            } else if (expectingValue) {
                expectingValue = false;
            } else {
                mainSeen = true;
            }
        }

        boolean mainSeen() {
            return mainSeen;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("argument file " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read argument file " + file + ": " + e.getMessage());
        }
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length()) {
                    char next = text.charAt(++i);
                    switch (next) {
                        case 'n': token.append('\n'); break;
                        case 't': token.append('\t'); break;
                        case 'r': token.append('\r'); break;
                        case 'f': token.append('\f'); break;
                        case '\n': break; // a line continuation inside quotes
                        default: token.append(next);
                    }
                } else {
                    token.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                token = token == null ? new StringBuilder() : token;
            } else if (c == '#') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                if (token != null) {
                    tokens.add(token.toString());
                    token = null;
                }
            } else {
                token = token == null ? new StringBuilder() : token;
                token.append(c);
            }
        }
        if (quote != 0) {
            throw new UsageException("unterminated quote in an argument file");
        }
        if (token != null) {
            tokens.add(token.toString());
        }
        return tokens;
    }
}
