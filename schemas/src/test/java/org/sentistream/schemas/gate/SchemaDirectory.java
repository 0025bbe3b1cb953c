package org.sentistream.schemas.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/** The {@code .avsc} files of one directory, parsed with the named types they share. */
final class SchemaDirectory {

    private SchemaDirectory() {
    }

    /**
     * Parses every {@code .avsc} file of the directory and returns the schemas by full name. A file
     * may use a named type defined in another file of the directory, as the avro-maven-plugin
     * imports allow, so files are parsed after the files they reference.
     *
     * @throws IllegalStateException when a file does not parse even with every other file parsed first
     */
    static Map<String, Schema> load(Path dir) throws IOException {
        List<Path> pending = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(file -> file.getFileName().toString().endsWith(".avsc")).sorted().forEach(pending::add);
        }

        List<String> parsedTexts = new ArrayList<>();
        Map<String, Schema> schemas = new TreeMap<>();
        while (!pending.isEmpty()) {
            String lastError = null;
            boolean progress = false;
            for (Iterator<Path> it = pending.iterator(); it.hasNext(); ) {
                Path file = it.next();
                String text = Files.readString(file, StandardCharsets.UTF_8);
                try {
                    Schema schema = parseAfter(parsedTexts, text);
                    schemas.put(schema.getFullName(), schema);
                    parsedTexts.add(text);
                    it.remove();
                    progress = true;
                } catch (AvroRuntimeException e) {
                    lastError = file + ": " + e.getMessage();
                }
            }
            if (!progress) {
                throw new IllegalStateException("Cannot parse the schemas in " + dir + "; last error " + lastError);
            }
        }
        return schemas;
    }

    /** Parses {@code text} with a parser that has already parsed the named types of {@code earlier}. */
    private static Schema parseAfter(List<String> earlier, String text) {
        Schema.Parser parser = new Schema.Parser();
        for (String known : earlier) {
            parser.parse(known);
        }
        return parser.parse(text);
    }
}
