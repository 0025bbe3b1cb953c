package org.sentistream.registry;

/** Small record schemas for endpoint tests, as JSON text. */
final class TestSchemas {

    private TestSchemas() {
    }

    /** Record {@code name} with the given field declarations, for example {@code {"name":"a","type":"int"}}. */
    static String record(String name, String... fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    static String intField(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"int\"}";
    }

    static String optionalString(String name) {
        return "{\"name\":\"" + name + "\",\"type\":[\"null\",\"string\"],\"default\":null}";
    }

    static String intWithDefault(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"int\",\"default\":0}";
    }
}
