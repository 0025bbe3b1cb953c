package org.sentistream.registry;

/**
 * A schema whose stored record would exceed what the store can write, thrown before anything is
 * written. The server returns HTTP 422 with error code 42201 for it, because a retry cannot succeed.
 */
public class SchemaTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaTooLargeException(String message) {
        super(message);
    }
}
