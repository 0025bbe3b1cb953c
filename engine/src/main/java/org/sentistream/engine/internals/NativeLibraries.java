package org.sentistream.engine.internals;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the copies of the native libraries that ONNX Runtime's Java binding extracts on start-up.
 *
 * <p>The binding (1.28) copies {@code libonnxruntime.so} and its JNI library, 24 MB, into a new
 * {@code onnxruntime-java*} directory under {@code java.io.tmpdir} and only marks them for deletion
 * on exit. A JVM that halts or is killed, as a stopped stream instance or an interrupted command
 * does, leaves the whole copy behind, and a normal exit still leaves the empty directory, because
 * the directory's delete runs before its files'. Once the libraries are loaded, the process no
 * longer needs the files (Linux and macOS keep a mapped library alive after unlinking), so they are
 * deleted right away.
 */
public final class NativeLibraries {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);

    private static boolean done;

    private NativeLibraries() {
    }

    /**
     * Deletes ONNX Runtime's extracted library directory of this process. Call it after the first
     * {@code OrtEnvironment} exists; later calls do nothing. Failures are logged at DEBUG, because
     * the files only cost disk space. Windows, for example, does not allow deleting a loaded library.
     */
    public static synchronized void removeExtractedCopies() {
        if (done) {
            return;
        }
        done = true;

        Path directory = extractionDirectory();
        if (directory == null) {
            return;
        }
        File[] files = directory.toFile().listFiles();
        int deleted = 0;
        for (File file : files == null ? new File[0] : files) {
            if (file.delete()) {
                deleted++;
            }
        }
        boolean removed = directory.toFile().delete();
        LOG.debug("Deleted {} extracted ONNX Runtime libraries in {} (directory removed: {})", deleted, directory, removed);
    }

    /** Reads the binding's private record of its extraction directory, or returns null. */
    private static Path extractionDirectory() {
        try {
            Class<?> runtime = Class.forName("ai.onnxruntime.OnnxRuntime");
            Field field = runtime.getDeclaredField("tempDirectory");
            field.setAccessible(true);
            return (Path) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // TODO: the field name comes from the 1.28 binding. Under another name the copies stay until the JVM exits.
            LOG.debug("Cannot find ONNX Runtime's extraction directory: {}", e.toString());
            return null;
        }
    }
}
