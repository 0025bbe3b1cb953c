package org.sentistream.connect.feedback.internals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Identity of an export file's content at one moment: its file key (device and inode where the
 * file system has one), size and modification time. Two versions differ when the file was replaced,
 * truncated or appended to in between.
 *
 * @param key the file system's key of the file, or null where it has none
 */
public record FileVersion(Object key, long size, long modifiedMs) {

    /** Reads the version of {@code file}, or returns null when it no longer exists. */
    public static FileVersion of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileVersion(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return size + " bytes, modified at " + modifiedMs + " ms";
    }
}
