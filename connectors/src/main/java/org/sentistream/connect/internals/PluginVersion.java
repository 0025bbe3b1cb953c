package org.sentistream.connect.internals;

/** Version that the Sentistream connectors and converter report to the Connect worker. */
public final class PluginVersion {

    /** Version of this module, from the jar manifest when present. */
    public static final String VERSION = readVersion();

    private PluginVersion() {
    }

    private static String readVersion() {
        String version = PluginVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT";
    }
}
