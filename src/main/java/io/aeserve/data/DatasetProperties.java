package io.aeserve.data;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Datasets.
 *
 * @param fashionMnistPath folder with the Fashion-MNIST IDX files (Debian package dataset-fashion-mnist); the
 *     built-in {@code fashion-mnist} dataset exists when they are there
 * @param cachedDatasets how many uploaded datasets are kept in memory after their first use
 * @param cacheSize most memory the kept datasets may take together, at 4 bytes per value and label; a dataset
 *     larger than this is read from disk each time it is used
 * @param maxSize largest dataset an upload may decode to, at 4 bytes per value; a larger one is answered with 413.
 *     Reading a CSV or JSON upload briefly takes twice this in memory
 */
@ConfigurationProperties("aeserve.datasets")
public record DatasetProperties(
        @DefaultValue("/usr/share/datasets/fashion-mnist") Path fashionMnistPath,
        @DefaultValue("4") int cachedDatasets,
        @DefaultValue("1GB") DataSize cacheSize,
        @DefaultValue("1GB") DataSize maxSize) {}
