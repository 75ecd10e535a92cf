package io.fanload.launch.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Turns any failure of a command into one line on stderr and an exit code; {@code --debug} (a
 * {@code fanload.debug} system property or the FANLOAD_DEBUG environment variable) adds the stack trace.
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

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        int code;
        if (cause instanceof IOException) {
            err.println(program + ": " + oneLine(cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            code = ExitCodes.CACHE_FAILURE;
        } else {
            err.println(program + ": internal error: " + oneLine(cause.toString()));
            code = ExitCodes.INTERNAL;
        }
        if (debug()) {
            cause.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println(program + ": " + oneLine(ex.getMessage()) + " (see --help)");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    private static boolean debug() {
        return Boolean.getBoolean("fanload.debug") || System.getenv("FANLOAD_DEBUG") != null;
    }
}
