package org.sentistream.cli;

import java.util.HashMap;
import java.util.Map;

import org.sentistream.streams.SentimentAppConfig;

/** The {@code --bootstrap-servers} and {@code --schema-registry-url} options that override a --config file. */
final class AddressOptions {

    private AddressOptions() {
    }

    /** Returns the configuration keys that the address options given in {@code args} set. */
    static Map<String, String> overrides(Args args) {
        Map<String, String> overrides = new HashMap<>();
        if (args.has("bootstrap-servers")) {
            overrides.put(SentimentAppConfig.BOOTSTRAP_SERVERS, args.require("bootstrap-servers"));
        }
        if (args.has("schema-registry-url")) {
            overrides.put(SentimentAppConfig.SCHEMA_REGISTRY_URL, args.require("schema-registry-url"));
        }
        return overrides;
    }
}
