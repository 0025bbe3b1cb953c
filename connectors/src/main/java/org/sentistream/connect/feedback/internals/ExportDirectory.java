package org.sentistream.connect.feedback.internals;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The input directory of export files and the done directory finished files move to. Files are
 * read in name order, so exports named by date are read oldest first.
 */
public final class ExportDirectory {

    private final Path inputDir;
    private final Path doneDir;
    private final PathMatcher matcher;
    private final long minAgeMs;

    public ExportDirectory(Path inputDir, Path doneDir, String glob, long minAgeMs) {
        this.inputDir = inputDir;
        this.doneDir = doneDir;
        this.matcher = inputDir.getFileSystem().getPathMatcher("glob:" + glob);
        this.minAgeMs = minAgeMs;
    }

    /** Returns the first file, in name order, that matches the pattern and is old enough. */
    public Optional<Path> nextFile() throws IOException {
        List<Path> candidates = new ArrayList<>();
        long newest = System.currentTimeMillis() - minAgeMs;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inputDir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && matcher.matches(entry.getFileName())
                        && Files.getLastModifiedTime(entry).toMillis() <= newest) {
                    candidates.add(entry);
                }
            }
        }
        return candidates.stream().min((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    }

    /**
     * Moves a finished file into the done directory. A file of the same name already there is kept,
     * and the new one gets a numeric suffix.
     *
     * @return the path the file was moved to
     */
    public Path moveToDone(Path file) throws IOException {
        Files.createDirectories(doneDir);
        String name = file.getFileName().toString();
        Path target = doneDir.resolve(name);
        for (int suffix = 1; Files.exists(target); suffix++) {
            target = doneDir.resolve(name + "." + suffix);
        }
        try {
            // On Linux an atomic rename replaces an existing target, hence the check above.
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(file, target);
        }
    }

    public Path inputDir() {
        return inputDir;
    }
}
