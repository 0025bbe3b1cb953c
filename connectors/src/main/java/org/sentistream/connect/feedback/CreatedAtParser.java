package org.sentistream.connect.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigException;

/**
 * Parses the creation time column into epoch milliseconds, in the format {@code created_at.format}
 * names. Values without an offset are read in {@code created_at.zone}.
 */
public final class CreatedAtParser {

    private final String format;
    private final ZoneId zone;
    private final DateTimeFormatter pattern;

    public CreatedAtParser(String format, ZoneId zone) {
        this.format = format.strip();
        this.zone = zone;
        this.pattern = switch (this.format) {
            case "iso", "epoch_ms", "epoch_s" -> null;
            default -> ofPattern(this.format);
        };
    }

    /**
     * Parses one value.
     *
     * @throws IllegalArgumentException when the value does not match the format
     */
    public long parse(String value) {
        String text = value.strip();
        try {
            return switch (format) {
                case "epoch_ms" -> Long.parseLong(text);
                case "epoch_s" -> Math.multiplyExact(Long.parseLong(text), 1000L);
                case "iso" -> parseIso(text);
                default -> toEpochMillis(pattern.parse(text));
            };
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("Invalid created_at '" + text + "' for format " + format, e);
        }
    }

    private long parseIso(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).atZone(zone).toInstant().toEpochMilli();
        }
    }

    private long toEpochMillis(TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return Instant.from(parsed).toEpochMilli();
        }
        if (parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return LocalDateTime.from(parsed).atZone(zone).toInstant().toEpochMilli();
        }
        return LocalDate.from(parsed).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private static DateTimeFormatter ofPattern(String pattern) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(FeedbackSourceConfig.CREATED_AT_FORMAT, pattern,
                    "not iso, epoch_ms, epoch_s or a DateTimeFormatter pattern: " + e.getMessage());
        }
    }
}
