package io.aeserve.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in Fashion-MNIST dataset, read from its IDX files once per split and then kept in memory:
 * 28x28 grayscale images scaled to [0, 1], shape [1, 28, 28], labels 0-9.
 */
public final class FashionMnist {

    public static final String ID = "fashion-mnist";
    private static final Map<String, String> PREFIX = Map.of("train", "train", "test", "t10k");

    private final Path folder;
    private final Map<String, DataMatrix> splits = new ConcurrentHashMap<>();

    public FashionMnist(Path folder) {
        this.folder = folder;
    }

    public boolean isInstalled() {
        return PREFIX.values().stream().allMatch(prefix -> Files.exists(images(prefix)));
    }

    public static boolean isSplit(String split) {
        return PREFIX.containsKey(split);
    }

    /** A split ({@code train} or {@code test}), read on first use. */
    public DataMatrix split(String split) {
        return splits.computeIfAbsent(split, this::read);
    }

    private DataMatrix read(String split) {
        String prefix = PREFIX.get(split);
        Path imageFile = images(prefix);
        Path labelFile = folder.resolve(prefix + "-labels-idx1-ubyte.gz");
        try (InputStream images = Files.newInputStream(imageFile);
                InputStream labels = Files.newInputStream(labelFile)) {
            DataMatrix values = IdxReader.readValues(images, Files.size(imageFile), ReadLimits.INSTALLED_FILES, ID);
            int[] labelValues = IdxReader.readLabels(labels, Files.size(labelFile), ReadLimits.INSTALLED_FILES, ID);
            return new DataMatrix(values.values(), values.rows(), values.rowShape(), labelValues);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Fashion-MNIST from " + folder, e);
        }
    }

    private Path images(String prefix) {
        return folder.resolve(prefix + "-images-idx3-ubyte.gz");
    }
}
