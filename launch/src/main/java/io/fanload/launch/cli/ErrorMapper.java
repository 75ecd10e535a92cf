package io.fanload.launch.cli;

import io.fanload.hooks.archive.ArchiveException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns any failure of a command into one line on stderr, saying what failed and where, and an exit
 * code ({@link ExitCodes}); {@code --debug} (a {@code fanload.debug} system property or the
 * FANLOAD_DEBUG environment variable) adds the stack trace.
 */
public final class ErrorMapper implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    private final String program;

    public ErrorMapper(String program) {
        this.program = program;
    }

    /** Configures {@code commandLine} to report through this mapper. */
    public static CommandLine install(CommandLine commandLine, String program) {
        ErrorMapper mapper = new ErrorMapper(program);
        return commandLine.setExecutionExceptionHandler(mapper).setParameterExceptionHandler(mapper);
    }

    /** The exit status for a failure (the report's exitCode uses it too). */
    public static int exitCode(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof UsageException || cause instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        if (cause instanceof NoSuchFileException || cause instanceof AccessDeniedException
                || cause instanceof MissingInputException) {
            return ExitCodes.NO_INPUT;
        }
        return cause instanceof IOException ? ExitCodes.CACHE_FAILURE : ExitCodes.INTERNAL;
    }

    /** The one line a failure is told in, without the program's name. */
    public static String message(Throwable failure) {
        Throwable cause = unwrap(failure);
        String text;
        if (cause instanceof NoSuchFileException missing) {
            // The JDK's message is the bare path: say what is missing.
            text = "no such file: " + missing.getFile();
        } else if (cause instanceof AccessDeniedException denied) {
            text = "permission denied: " + denied.getFile();
        } else if (cause instanceof ArchiveException && cause.getMessage() != null && cause.getMessage().startsWith("/")
                && cause.getMessage().contains(": ")) {
            // "FILE: what" from the archive's checks: said as the inspection says it, with what to do.
            String file = cause.getMessage().substring(0, cause.getMessage().indexOf(": "));
            text = file + " is damaged: " + withoutFile(cause.getMessage(), file)
                    + "; '--verify' checks every entry and says what is wrong; run the pilot again to write it anew";
        } else if (cause instanceof IOException) {
            text = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        } else {
            text = "internal error: " + cause;
        }
        return oneLine(text);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(program + ": " + message(ex));
        if (debug()) {
            unwrap(ex).printStackTrace(err);
        }
        err.flush();
        return exitCode(ex);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        // picocli starts some of its messages with "Error: ": the program's name already says it.
        String text = oneLine(ex.getMessage());
        err.println(program + ": " + (text.startsWith("Error: ") ? text.substring("Error: ".length()) : text) + " (see --help)");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** {@code message} without a leading "{@code file}: ". */
    public static String withoutFile(String message, Object file) {
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof UncheckedIOException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replace('\n', ' ').replace('\r', ' ');
    }

    private static boolean debug() {
        return Boolean.getBoolean("fanload.debug") || System.getenv("FANLOAD_DEBUG") != null;
    }
}
