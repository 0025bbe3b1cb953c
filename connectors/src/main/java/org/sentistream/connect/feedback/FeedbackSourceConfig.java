package org.sentistream.connect.feedback;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.sentistream.schemas.FeedbackChannel;

/** Settings of {@link FeedbackSourceConnector}. */
public final class FeedbackSourceConfig extends AbstractConfig {

    public static final String INPUT_DIR = "input.dir";
    public static final String DONE_DIR = "done.dir";
    public static final String FILE_PATTERN = "file.pattern";
    public static final String FILE_MIN_AGE_MS = "file.min.age.ms";
    public static final String FORMAT = "format";
    public static final String CSV_DELIMITER = "csv.delimiter";
    public static final String TOPIC = "topic";
    public static final String CHANNEL = "channel";
    public static final String MAPPING_ID = "mapping.id";
    public static final String MAPPING_TEXT = "mapping.text";
    public static final String MAPPING_CUSTOMER_ID = "mapping.customer_id";
    public static final String MAPPING_PRODUCT = "mapping.product";
    public static final String MAPPING_RATING = "mapping.rating";
    public static final String MAPPING_CREATED_AT = "mapping.created_at";
    public static final String CREATED_AT_FORMAT = "created_at.format";
    public static final String CREATED_AT_ZONE = "created_at.zone";
    public static final String CUSTOMER_HASH_KEY = "customer.hash.key";
    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
    public static final String DEAD_LETTER_BOOTSTRAP_SERVERS = "dead.letter.bootstrap.servers";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String BATCH_MAX = "batch.max.records";
    public static final String MAX_ROWS_PER_SECOND = "max.rows.per.second";
    public static final String ROW_MAX_CHARS = "row.max.chars";

    public static final String FORMAT_AUTO = "auto";
    public static final String FORMAT_CSV = "csv";
    public static final String FORMAT_JSONL = "jsonl";

    /** Definition of every setting, with defaults and documentation. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(INPUT_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Directory the exports are dropped into.")
            .define(DONE_DIR, Type.STRING, "", Importance.MEDIUM,
                    "Directory finished files are moved to. Empty means a 'done' directory inside input.dir.")
            .define(FILE_PATTERN, Type.STRING, "*.{csv,jsonl,ndjson}", Importance.MEDIUM,
                    "Glob of the file names to read, matched against the name only.")
            .define(FILE_MIN_AGE_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                    "Files modified more recently than this many milliseconds ago are left for a later scan,"
                            + " so a file still being copied is not read half-written.")
            .define(FORMAT, Type.STRING, FORMAT_AUTO, ValidString.in(FORMAT_AUTO, FORMAT_CSV, FORMAT_JSONL), Importance.MEDIUM,
                    "File format: csv (RFC 4180 with a header row), jsonl (one JSON object per line) or auto (by"
                            + " extension: .csv is CSV, anything else JSON lines).")
            .define(CSV_DELIMITER, Type.STRING, ",", new OneCharacter(), Importance.LOW,
                    "Field delimiter of CSV files, one character.")
            .define(TOPIC, Type.STRING, "customer-feedback", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic the FeedbackEvent records go to.")
            .define(CHANNEL, Type.STRING, FeedbackChannel.OTHER.name(),
                    ValidString.in(Arrays.stream(FeedbackChannel.values()).map(Enum::name).toArray(String[]::new)),
                    Importance.HIGH, "FeedbackChannel of every event from this connector, for example APP_REVIEW or SURVEY.")
            .define(MAPPING_TEXT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Column (CSV header) or field (JSON, dots for nested fields) holding the feedback text. Required.")
            .define(MAPPING_ID, Type.STRING, "", Importance.HIGH,
                    "Column holding a unique feedback id. Empty means '<file name>:<row>', stable as long as the file is.")
            .define(MAPPING_CUSTOMER_ID, Type.STRING, "", Importance.MEDIUM,
                    "Column holding the customer id. Empty means every event has customer id 'unknown'.")
            .define(MAPPING_PRODUCT, Type.STRING, "", Importance.MEDIUM, "Column holding the product or app name.")
            .define(MAPPING_RATING, Type.STRING, "", Importance.MEDIUM, "Column holding an integer rating, such as stars.")
            .define(MAPPING_CREATED_AT, Type.STRING, "", Importance.MEDIUM, "Column holding the creation time.")
            .define(CREATED_AT_FORMAT, Type.STRING, "iso", Importance.MEDIUM,
                    "Format of the creation time: iso (ISO-8601 instant, offset date-time, local date-time or date),"
                            + " epoch_ms, epoch_s, or a java.time.format.DateTimeFormatter pattern such as dd/MM/yyyy HH:mm.")
            .define(CREATED_AT_ZONE, Type.STRING, "UTC", Importance.LOW,
                    "Time zone of creation times that carry no offset.")
            .define(CUSTOMER_HASH_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                    "When set, customer ids are replaced by their HMAC-SHA256 under this key (lowercase hex).")
            .define(DEAD_LETTER_TOPIC, Type.STRING, "sentiment-dead-letter", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic bad rows are written to, with the reason in headers.")
            .define(DEAD_LETTER_BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                    "Brokers of the dead letter producer, normally the worker's bootstrap.servers (a connector cannot"
                            + " read the worker's settings). Empty means bad rows are only logged and counted.")
            .define(POLL_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                    "Wait between scans of input.dir when no file is ready, in milliseconds.")
            .define(BATCH_MAX, Type.INT, 500, Range.atLeast(1), Importance.LOW, "Maximum records returned by one poll.")
            .define(MAX_ROWS_PER_SECOND, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.LOW,
                    "Maximum rows read per second, 0 for no limit.")
            .define(ROW_MAX_CHARS, Type.INT, 100_000, Range.between(1, 250_000), Importance.LOW,
                    "Longest row, in characters, that becomes an event. A longer row goes to the dead letter topic"
                            + " with reason TOO_LARGE and its text cut to this length. The upper bound keeps a record"
                            + " under the producer's default max.request.size of 1 MiB even at 4 bytes per character.");

    public FeedbackSourceConfig(Map<String, String> originals) {
        super(CONFIG_DEF, originals);
        createdAtZone();
        new CreatedAtParser(getString(CREATED_AT_FORMAT), createdAtZone());
    }

    public Path inputDir() {
        return Path.of(getString(INPUT_DIR)).toAbsolutePath();
    }

    public Path doneDir() {
        String done = getString(DONE_DIR);
        return done.isBlank() ? inputDir().resolve("done") : Path.of(done).toAbsolutePath();
    }

    public String filePattern() {
        return getString(FILE_PATTERN);
    }

    public long fileMinAgeMs() {
        return getLong(FILE_MIN_AGE_MS);
    }

    public String format() {
        return getString(FORMAT);
    }

    public char csvDelimiter() {
        return getString(CSV_DELIMITER).charAt(0);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public FeedbackChannel channel() {
        return FeedbackChannel.valueOf(getString(CHANNEL));
    }

    /** Returns the configured column of a mapping key, or null when the mapping is empty. */
    public String column(String mappingKey) {
        String column = getString(mappingKey);
        return column == null || column.isBlank() ? null : column.strip();
    }

    public CreatedAtParser createdAtParser() {
        return new CreatedAtParser(getString(CREATED_AT_FORMAT), createdAtZone());
    }

    public String customerHashKey() {
        Password key = getPassword(CUSTOMER_HASH_KEY);
        return key == null || key.value().isEmpty() ? null : key.value();
    }

    public String deadLetterTopic() {
        return getString(DEAD_LETTER_TOPIC);
    }

    public String deadLetterBootstrapServers() {
        return getString(DEAD_LETTER_BOOTSTRAP_SERVERS).strip();
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS);
    }

    public int batchMax() {
        return getInt(BATCH_MAX);
    }

    public double maxRowsPerSecond() {
        return getDouble(MAX_ROWS_PER_SECOND);
    }

    public int rowMaxChars() {
        return getInt(ROW_MAX_CHARS);
    }

    private ZoneId createdAtZone() {
        String zone = getString(CREATED_AT_ZONE);
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new ConfigException(CREATED_AT_ZONE, zone, "not a time zone id such as UTC or Europe/Paris");
        }
    }

    /**
     * Accepts one character other than the quote and line breaks, which RFC 4180 reserves, so a bad delimiter
     * fails with the other config errors.
     */
    private static final class OneCharacter implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((String) value).length() != 1) {
                throw new ConfigException(name, value, "the delimiter must be one character");
            }
            if ("\"\r\n".indexOf(((String) value).charAt(0)) >= 0) {
                throw new ConfigException(name, value, "the delimiter cannot be the quote character or a line break");
            }
        }

        @Override
        public String toString() {
            return "one character, not a quote or line break";
        }
    }
}
