package org.sentistream.serde;

import java.io.IOException;

/**
 * The registry answered with a 4xx error other than "schema not found", for example 409 when a
 * schema is incompatible with the subject's earlier versions. Retrying the same request fails again.
 */
public class RegistryRequestException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public RegistryRequestException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Returns the HTTP status code. */
    public int status() {
        return status;
    }

    /** Returns the Confluent {@code error_code} of the response body, or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }
}
