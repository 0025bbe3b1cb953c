package org.sentistream.registry.internals;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.sentistream.registry.CompatibilityLevel;

/** Checks a candidate schema against earlier versions with Avro's {@link SchemaCompatibility}. */
final class Compatibility {

    private Compatibility() {
    }

    /**
     * Returns the reasons the candidate breaks the level against the earlier versions, or an empty
     * list when it is compatible.
     *
     * @param earlier earlier versions, oldest first; non-transitive levels use only the last one
     */
    static List<String> violations(Schema candidate, List<Schema> earlier, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return List.of();
        }

        List<Schema> checked = level.transitive() ? earlier : earlier.subList(earlier.size() - 1, earlier.size());
        List<String> violations = new ArrayList<>();
        for (Schema existing : checked) {
            if (level.backward()) {
                describe("new schema cannot read data written with an earlier version", candidate, existing, violations);
            }
            if (level.forward()) {
                describe("an earlier version cannot read data written with the new schema", existing, candidate, violations);
            }
        }
        return violations;
    }

    private static void describe(String direction, Schema reader, Schema writer, List<String> violations) {
        SchemaCompatibility.SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            violations.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
