package org.sentistream.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;

/**
 * Main class of a Kafka node JVM. It runs {@code kafka.Kafka} and exits, through Kafka's own shutdown hook,
 * when its standard input reaches end of file. Standard input is a pipe from the JVM that started the node,
 * and the operating system closes that pipe when the parent ends for any reason, SIGKILL included, so a
 * killed parent leaves no broker running.
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread parentWatch = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() != -1) {
                    // The parent never writes; any bytes are ignored.
                }
            } catch (IOException e) {
                // A broken pipe also means that the parent is gone.
            }
            System.exit(0);
        }, "sentistream-parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();

        // By reflection, so that this module needs the Kafka server jars only at run time, as the node does.
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
