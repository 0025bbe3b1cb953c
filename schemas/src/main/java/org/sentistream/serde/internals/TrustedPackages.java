package org.sentistream.serde.internals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Makes Avro trust generated classes of a package so that readers can instantiate them.
 *
 * <p>Since Avro 1.11.4 and 1.12.0, {@code org.apache.avro.util.ClassUtils} loads a class named in a
 * schema only when {@link ClassSecurityValidator} trusts it, and by default it trusts only a few
 * {@code java.lang} and {@code java.math} classes. Users can extend the list with the system
 * property {@value #PACKAGES_PROPERTY}, but Avro reads it once, when
 * {@code ClassSecurityValidator.SystemPropertiesPredicate} is initialized. This class therefore does
 * both: it appends the package to the property (for code that reads it later) and wraps the global
 * predicate (for a JVM where Avro already read the property).
 */
public final class TrustedPackages {

    /** System property read by Avro 1.12: a comma-separated list of trusted packages. */
    public static final String PACKAGES_PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private static final Set<String> TRUSTED = new HashSet<>();

    private TrustedPackages() {
    }

    /** Makes Avro trust every class in {@code packageName} and its subpackages. Idempotent. */
    public static synchronized void trust(String packageName) {
        if (!TRUSTED.add(packageName)) {
            return;
        }

        appendToProperty(packageName);

        String prefix = packageName + ".";
        ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityPredicate inPackage = clazz -> clazz.getName().startsWith(prefix);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, inPackage));
    }

    private static void appendToProperty(String packageName) {
        String current = System.getProperty(PACKAGES_PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(PACKAGES_PROPERTY, packageName);
            return;
        }

        boolean listed = Arrays.stream(current.split(",")).map(String::strip).anyMatch(packageName::equals);
        if (!listed) {
            System.setProperty(PACKAGES_PROPERTY, current + "," + packageName);
        }
    }
}
