package org.sentistream.schemas.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Build gate: each schema in the source directory must be BACKWARD compatible with the same schema
 * in every released version, that is a reader with the current schema reads data written with the
 * released one. A released schema that no longer exists is also a failure, because its topics may
 * still hold data.
 */
final class CompatibilityGate {

    private CompatibilityGate() {
    }

    /**
     * Checks the current schemas against every release folder under {@code releasesDir}.
     *
     * @return one message per violation, naming the schema, the release and the incompatibility;
     *         empty when the current schemas pass
     */
    static List<String> check(Path currentDir, Path releasesDir) throws IOException {
        Map<String, Schema> current = SchemaDirectory.load(currentDir);

        List<Path> releases;
        try (Stream<Path> dirs = Files.list(releasesDir)) {
            releases = dirs.filter(Files::isDirectory).sorted().toList();
        }

        List<String> violations = new ArrayList<>();
        for (Path release : releases) {
            violations.addAll(checkRelease(current, release));
        }
        return violations;
    }

    private static List<String> checkRelease(Map<String, Schema> current, Path release) throws IOException {
        String version = release.getFileName().toString();
        List<String> violations = new ArrayList<>();

        for (Map.Entry<String, Schema> released : SchemaDirectory.load(release).entrySet()) {
            String name = released.getKey();
            Schema reader = current.get(name);
            if (reader == null) {
                violations.add("Schema " + name + " of release " + version
                        + " is missing from the current schemas; topics may still hold data written with it");
                continue;
            }

            SchemaCompatibility.SchemaCompatibilityResult result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, released.getValue()).getResult();
            for (Incompatibility incompatibility : result.getIncompatibilities()) {
                violations.add("Schema " + name + " is not BACKWARD compatible with release " + version
                        + ": the current schema cannot read data written with the released one: "
                        + incompatibility.getType() + " at " + incompatibility.getLocation()
                        + " (" + incompatibility.getMessage() + ")");
            }
        }
        return violations;
    }
}
