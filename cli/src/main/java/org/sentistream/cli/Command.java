package org.sentistream.cli;

import java.util.List;

/**
 * One subcommand of {@code bin/sentiment}. A command prints human-readable progress to standard
 * error and, where it has one, its JSON summary as the last line of standard output.
 */
public interface Command {

    /** Returns the subcommand name, as typed after {@code bin/sentiment}. */
    String name();

    /** Returns a one-line description for the usage text. */
    String summary();

    /** Returns the usage text of the options, printed for {@code --help} and on invalid arguments. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args arguments after the subcommand name
     * @return the process exit code
     */
    int run(List<String> args) throws Exception;
}
