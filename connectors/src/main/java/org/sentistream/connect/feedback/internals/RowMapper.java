package org.sentistream.connect.feedback.internals;

import org.sentistream.connect.feedback.CreatedAtParser;
import org.sentistream.connect.feedback.FeedbackSourceConfig;
import org.sentistream.connect.internals.Pseudonymizer;
import org.sentistream.schemas.FeedbackChannel;
import org.sentistream.schemas.FeedbackEvent;

/**
 * Maps a row to a {@link FeedbackEvent} through the configured column mapping. Not thread-safe.
 */
public final class RowMapper {

    /** Customer id of events whose export has no customer column. */
    public static final String UNKNOWN_CUSTOMER = "unknown";

    private static final char REPLACEMENT = '\uFFFD';

    private final FeedbackChannel channel;
    private final int rowMaxChars;
    private final String idColumn;
    private final String textColumn;
    private final String customerColumn;
    private final String productColumn;
    private final String ratingColumn;
    private final String createdAtColumn;
    private final CreatedAtParser createdAtParser;
    private final Pseudonymizer customerHash;

    public RowMapper(FeedbackSourceConfig config) {
        this.channel = config.channel();
        this.idColumn = config.column(FeedbackSourceConfig.MAPPING_ID);
        this.rowMaxChars = config.rowMaxChars();
        this.textColumn = config.column(FeedbackSourceConfig.MAPPING_TEXT);
        this.customerColumn = config.column(FeedbackSourceConfig.MAPPING_CUSTOMER_ID);
        this.productColumn = config.column(FeedbackSourceConfig.MAPPING_PRODUCT);
        this.ratingColumn = config.column(FeedbackSourceConfig.MAPPING_RATING);
        this.createdAtColumn = config.column(FeedbackSourceConfig.MAPPING_CREATED_AT);
        this.createdAtParser = config.createdAtParser();
        this.customerHash = config.customerHashKey() == null ? null : new Pseudonymizer(config.customerHashKey());
    }

    /**
     * Maps one row of file {@code fileName}.
     *
     * @throws BadRowException when the row did not parse, has no text, or a column is invalid
     */
    public FeedbackEvent toEvent(Row row, String fileName) throws BadRowException {
        if (row.raw().length() > rowMaxChars) {
            throw new BadRowException(BadRowException.Reason.TOO_LARGE, "Row has more than " + rowMaxChars
                    + " characters (" + FeedbackSourceConfig.ROW_MAX_CHARS + ")");
        }
        if (row.fields() == null) {
            throw new BadRowException(BadRowException.Reason.UNPARSEABLE, row.error());
        }
        // The file is decoded with replacement, so invalid UTF-8 bytes arrive as U+FFFD.
        if (row.raw().indexOf(REPLACEMENT) >= 0) {
            throw new BadRowException(BadRowException.Reason.UNPARSEABLE,
                    "Row contains bytes that are not valid UTF-8 (shown as U+FFFD in the dead letter)");
        }

        String text = value(row, textColumn);
        if (text == null) {
            throw new BadRowException(BadRowException.Reason.MISSING_FIELD, "Text column '" + textColumn + "' is missing or blank");
        }
        String id = idColumn == null ? fileName + ":" + row.number() : value(row, idColumn);
        if (id == null) {
            throw new BadRowException(BadRowException.Reason.MISSING_FIELD, "Id column '" + idColumn + "' is missing or blank");
        }

        String customer = customerColumn == null ? null : value(row, customerColumn);
        if (customer != null && customerHash != null) {
            customer = customerHash.pseudonym(customer);
        }

        return FeedbackEvent.newBuilder()
                .setId(id)
                .setChannel(channel)
                .setCustomerId(customer == null ? UNKNOWN_CUSTOMER : customer)
                .setProduct(productColumn == null ? null : value(row, productColumn))
                .setRating(rating(row))
                .setText(text)
                .setCreatedAt(createdAt(row))
                .build();
    }

    private Integer rating(Row row) throws BadRowException {
        String value = ratingColumn == null ? null : value(row, ratingColumn);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new BadRowException(BadRowException.Reason.INVALID_VALUE,
                    "Rating column '" + ratingColumn + "' is '" + value + "', not an integer", e);
        }
    }

    private Long createdAt(Row row) throws BadRowException {
        String value = createdAtColumn == null ? null : value(row, createdAtColumn);
        if (value == null) {
            return null;
        }
        try {
            return createdAtParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadRowException(BadRowException.Reason.INVALID_VALUE,
                    "Column '" + createdAtColumn + "': " + e.getMessage(), e);
        }
    }

    private static String value(Row row, String column) {
        String value = row.fields().get(column);
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
