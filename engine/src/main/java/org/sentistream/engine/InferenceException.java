package org.sentistream.engine;

/** Thrown when the encoder or the head fails on a batch. The batch may succeed when split. */
public class InferenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InferenceException(String message) {
        super(message);
    }
}
