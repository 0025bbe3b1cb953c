package org.sentistream.loadgen;

/** Thrown when a {@link LoadGenerator} cannot load its input or serialize its events. */
public class LoadGeneratorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LoadGeneratorException(String message) {
        super(message);
    }

    public LoadGeneratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
