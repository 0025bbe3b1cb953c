package org.sentistream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --name value}, {@code --name=value} and boolean {@code --flag} options.
 * Every option must be declared, so a typo fails with a message instead of being ignored.
 */
public final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, List<String>> allValues = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * Parses the arguments.
     *
     * @param args command-line arguments after the subcommand
     * @param valueOptions option names (without dashes) that take a value
     * @param flags option names (without dashes) that take none
     * @throws UsageException on an unknown option or a missing value
     */
    public static Args parse(List<String> args, Set<String> valueOptions, Set<String> flags) {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }

            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }

            if (flags.contains(name)) {
                parsed.values.put(name, value == null ? "true" : value);
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("Missing value for option --" + name);
                    }
                    value = args.get(++i);
                }
                parsed.values.put(name, value);
                parsed.allValues.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("Unknown option --" + name);
            }
        }
        return parsed;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public String require(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException("Missing required option --" + name);
        }
        return value;
    }

    /**
     * Returns the file of a required option after checking that it is a readable regular file. A wrong path
     * then fails as a usage error that names the option.
     */
    public Path inputFile(String name) {
        Path file = Path.of(require(name));
        if (!Files.exists(file)) {
            throw new UsageException("--" + name + " " + file + ": file not found");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("--" + name + " " + file + " is a directory, expected a file");
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("--" + name + " " + file + ": permission denied");
        }
        return file;
    }

    /** Returns the file of an optional option, checked as {@link #inputFile}, or null when the option is absent. */
    public Path optionalInputFile(String name) {
        return has(name) ? inputFile(name) : null;
    }

    /** Returns every value of a repeatable option, in command-line order; {@link #get} returns only the last. */
    public List<String> getAll(String name) {
        return Collections.unmodifiableList(allValues.getOrDefault(name, List.of()));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    public int getInt(String name, int defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for --" + name + ": '" + value + "' is not an integer");
        }
    }

    /** Returns the integer value of {@code --name}, or the default, and rejects a value below {@code min}. */
    public int getInt(String name, int defaultValue, int min) {
        int value = getInt(name, defaultValue);
        if (value < min) {
            throw new UsageException("Invalid value for --" + name + ": " + value + " is below the minimum of " + min);
        }
        return value;
    }

    /** Returns the integer value of {@code --name}, or the default, and rejects a value outside {@code [min, max]}. */
    public int getInt(String name, int defaultValue, int min, int max) {
        int value = getInt(name, defaultValue, min);
        if (value > max) {
            throw new UsageException("Invalid value for --" + name + ": " + value + " is above the maximum of " + max);
        }
        return value;
    }

    /** Returns the number value of {@code --name}, or the default, and rejects a value below {@code min}. */
    public double getDouble(String name, double defaultValue, double min) {
        double value = getDouble(name, defaultValue);
        if (!(value >= min)) {
            throw new UsageException("Invalid value for --" + name + ": " + value + " is below the minimum of " + min);
        }
        return value;
    }

    public long getLong(String name, long defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for --" + name + ": '" + value + "' is not an integer");
        }
    }

    public double getDouble(String name, double defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid value for --" + name + ": '" + value + "' is not a number");
        }
    }

    public List<String> positional() {
        return Collections.unmodifiableList(positional);
    }

    /** Thrown on invalid command-line arguments; the launcher prints the message and the usage. */
    public static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private static final String PREFIX = "Invalid configuration: ";

        /** Returns a usage error for an invalid configuration, without repeating a prefix the message already has. */
        public static UsageException invalidConfiguration(Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return new UsageException(message.startsWith("Invalid configuration") ? message : PREFIX + message);
        }

        public UsageException(String message) {
            super(message);
        }
    }
}
