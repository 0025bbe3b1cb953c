package org.sentistream.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.apache.kafka.common.config.ConfigException;

/**
 * Entry point of {@code bin/sentiment}. Subcommands are the {@link Command} implementations listed
 * in {@code META-INF/services/org.sentistream.cli.Command}.
 */
public final class Main {

    /** Exit code for invalid arguments, as most command-line tools use. */
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        Termination.install();
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        List<Command> commands = commands();
        if (args.length == 0) {
            printUsage(commands, err);
            return EXIT_USAGE;
        }
        // Asked-for help goes to standard output, so that it pipes into a pager.
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            printUsage(commands, System.out);
            return 0;
        }

        Optional<Command> command = commands.stream().filter(c -> c.name().equals(args[0])).findFirst();
        if (command.isEmpty()) {
            err.println("Unknown command '" + args[0] + "'.");
            printUsage(commands, err);
            return EXIT_USAGE;
        }

        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println("Usage: sentiment " + command.get().name() + " " + command.get().usage());
            return 0;
        }

        try {
            return command.get().run(rest);
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            err.println("Usage: sentiment " + command.get().name() + " " + command.get().usage());
            return EXIT_USAGE;
        } catch (Exception e) {
            err.println("sentiment " + command.get().name() + " failed: " + describe(e));
            if (System.getenv("SENTISTREAM_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("Set SENTISTREAM_DEBUG=1 to print the stack trace.");
            }
            return 1;
        }
    }

    /** Describes a failure in a line for the user: file errors name the path instead of the exception class. */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause instanceof UncheckedIOException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NoSuchFileException missing) {
            return "file not found: " + missing.getFile();
        }
        if (cause instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (cause instanceof FileSystemException other && other.getFile() != null) {
            return other.getReason() == null ? "cannot access " + other.getFile()
                    : "cannot access " + other.getFile() + ": " + other.getReason();
        }
        if (cause instanceof CharacterCodingException) {
            return "a file is not UTF-8 text (" + cause + ")";
        }
        // These carry messages written for the user; the class name adds nothing for them.
        if ((e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof ConfigException
                || e.getClass().getName().startsWith("org.sentistream.")) && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.toString();
    }

    static List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        ServiceLoader.load(Command.class).forEach(commands::add);
        commands.sort(Comparator.comparing(Command::name));
        return commands;
    }

    private static void printUsage(List<Command> commands, PrintStream err) {
        err.println("Usage: sentiment COMMAND [OPTIONS]   (sentiment COMMAND --help for its options)");
        err.println();
        err.println("Commands:");
        for (Command command : commands) {
            err.printf("  %-14s %s%n", command.name(), command.summary());
        }
    }
}
