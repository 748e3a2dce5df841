package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.table.ColumnOverride;
import io.aeserve.table.Table;
import io.aeserve.table.TableEncoding;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/** Uploaded and built-in datasets: storing, listing, and handing rows to training. */
public class DatasetService {

    private final DatasetStore store;
    /** Rows that came with a training request, kept until a trainer on any replica has used them. */
    private final DatasetStore jobRows;
    private final FashionMnist fashionMnist;
    private final ReadLimits limits;
    private final DatasetCache cache;

    DatasetService(DatasetStore store, FashionMnist fashionMnist, ReadLimits limits, DatasetCache cache) {
        this.store = store;
        this.jobRows = store.in("job-rows");
        this.fashionMnist = fashionMnist;
        this.limits = limits;
        this.cache = cache;
        store.removeLeftovers();
        jobRows.removeLeftovers();
    }

    /** Keeps a training job's own rows where every replica can read them. */
    public void keepJobRows(String jobId, DataMatrix rows) {
        jobRows.write(new DatasetInfo(jobId, jobId, rows.rows(), rows.rowShape(), rows.hasLabels(), Instant.now(),
                false, null), rows);
    }

    /** A training job's own rows; {@link NotFoundException} when they are gone. */
    public DataMatrix jobRows(String jobId) {
        return jobRows.read(jobRows.find(jobId).orElseThrow(() -> new NotFoundException("rows of job", jobId)));
    }

    /** Drops a training job's own rows; nothing happens when they are gone already. */
    public void dropJobRows(String jobId) {
        try {
            jobRows.delete(jobId);
        } catch (NotFoundException e) {
            // dropped already
        }
    }

    /**
     * Reads, checks and stores an upload.
     *
     * @param labels an IDX or one-column CSV file of labels, or {@code null}
     * @throws PayloadTooLargeException when a file decodes to more than the limits allow
     */
    public DatasetInfo upload(Upload file, Upload labels, String name, String formatName,
            List<ColumnOverride> columns) throws IOException {
        DataFormat format = DataFormat.of(formatName, file.fileName(), "file");
        if (columns != null && format == DataFormat.IDX) {
            throw new InvalidInputException("columns", "belong to a table: a CSV file with a header or JSON objects;"
                    + " this file is IDX");
        }
        UploadedRows read = switch (format) {
            case CSV -> {
                BufferedReader text = CsvReader.text(file.content());
                char separator = CsvReader.separator(text);
                if (TableCsvReader.startsWithHeader(text, separator)) {
                    yield UploadedRows.of(TableCsvReader.read(text, separator, limits.maxValues(), "file")
                            .build(columns), columns != null);
                }
                if (columns != null) {
                    throw new InvalidInputException("columns", "name the columns of a header; the file has none");
                }
                yield new UploadedRows(CsvReader.readValues(text, separator, limits, "file"), null);
            }
            case JSON -> JsonRowsReader.read(file.content(), limits, "file", columns);
            case IDX -> new UploadedRows(IdxReader.readValues(file.content(), file.size(), limits, "file"), null);
        };
        if (read.table() != null) {
            if (labels != null) {
                throw new InvalidInputException("labels", "a table's labels come from its label column: set"
                        + " columns to [{\"name\": \"...\", \"kind\": \"label\"}]");
            }
            return storeTable(read.table(), name, file.fileName());
        }
        DataMatrix values = read.values();
        int[] labelValues = null;
        if (labels != null) {
            boolean csv = labels.fileName() != null
                    && labels.fileName().toLowerCase(Locale.ROOT).matches(".*\\.(csv|txt)$");
            labelValues = csv ? CsvReader.readLabels(labels.content(), limits, "labels")
                    : IdxReader.readLabels(labels.content(), labels.size(), limits, "labels");
            if (labelValues.length != values.rows()) {
                throw new InvalidInputException("labels", labelValues.length + " labels for " + values.rows() + " rows");
            }
        }
        DataMatrix data = new DataMatrix(values.values(), values.rows(), values.rowShape(), labelValues);
        String id = newId();
        return store(new DatasetInfo(id, displayName(name, file.fileName(), id), data.rows(), data.rowShape(),
                data.hasLabels(), Instant.now(), false, null), data);
    }

    private DatasetInfo storeTable(Table table, String name, String fileName) {
        DataMatrix data = new DataMatrix(table.values(), table.rows(), List.of(table.columns().size()),
                table.labels());
        int inputWidth = TableEncoding.fit(table.columns(), table.values(), table.rows()).width();
        if (inputWidth == 0) {
            throw new InvalidInputException("file", "no column of the table is an input: each one is ignored or the"
                    + " label (" + table.columns().stream().map(c -> c.name() + ": " + c.kind().name()
                            .toLowerCase(Locale.ROOT) + (c.reason() != null ? " (" + c.reason() + ")" : ""))
                            .toList() + ")");
        }
        String id = newId();
        return store(new DatasetInfo(id, displayName(name, fileName, id), data.rows(), data.rowShape(),
                data.hasLabels(), Instant.now(), false, null, table.columns(), table.classes(), inputWidth), data);
    }

    private DatasetInfo store(DatasetInfo info, DataMatrix data) {
        store.write(info, data);
        cache.put(info.id(), data);
        return info;
    }

    private static String newId() {
        return "ds-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
    }

    private static String displayName(String name, String fileName, String id) {
        return name != null && !name.isBlank() ? name.strip() : fileName != null ? fileName : id;
    }

    public List<DatasetInfo> list() {
        List<DatasetInfo> all = new ArrayList<>();
        builtIn().ifPresent(all::add);
        store.scan().stream().sorted(Comparator.comparing(DatasetInfo::createdAt)).forEach(all::add);
        return all;
    }

    public DatasetInfo get(String id) {
        if (FashionMnist.ID.equals(id)) {
            return builtIn().orElseThrow(() -> new NotFoundException("dataset '" + id + "' is not installed here;"
                    + " install the Debian package dataset-fashion-mnist or set aeserve.datasets.fashion-mnist-path"));
        }
        return store.find(id).orElseThrow(() -> new NotFoundException("dataset", id));
    }

    public void delete(String id) {
        if (FashionMnist.ID.equals(id)) {
            throw new InvalidInputException("id", "the built-in dataset is read-only");
        }
        // the store decides which of two concurrent deletes goes on; the other gets a 404
        store.delete(id);
        cache.remove(id);
    }

    /** The selected rows, checked: the split exists, and the classes exist in labelled data. */
    public DataMatrix load(DataSelection selection) {
        DatasetInfo info = get(selection.dataset());
        DataMatrix data;
        if (info.builtIn()) {
            String split = selection.split() != null ? selection.split() : "train";
            if (!FashionMnist.isSplit(split)) {
                throw new InvalidInputException("split", "must be train or test");
            }
            data = fashionMnist.split(split);
        } else {
            if (selection.split() != null && !"train".equals(selection.split())) {
                throw new InvalidInputException("split", "an uploaded dataset has only the train split");
            }
            data = cache.get(info.id());
            if (data == null) {
                // read outside the cache's lock, so one slow disk read does not hold up every other dataset
                data = store.read(info);
                cache.put(info.id(), data);
                if (store.find(info.id()).isEmpty()) {
                    cache.remove(info.id()); // deleted while it was read
                }
            }
        }
        return selectClasses(data, selection.classes());
    }

    /** The columns of a dataset stored as a table, which a version's encoding turns into inputs; null for others. */
    public List<io.aeserve.table.TableColumn> tableColumns(String dataset) {
        DatasetInfo info = get(dataset);
        return info.isTable() ? info.columns() : null;
    }

    /**
     * The rows of a dataset split as a stream, for work over datasets of any size: a dataset already in memory is
     * read from there, any other from its files, without keeping it.
     */
    public RowStream stream(String dataset, String split) {
        DatasetInfo info = get(dataset);
        if (info.builtIn()) {
            return RowStream.of(load(new DataSelection(dataset, split, null)));
        }
        if (split != null && !"train".equals(split)) {
            throw new InvalidInputException("split", "an uploaded dataset has only the train split");
        }
        DataMatrix cached = cache.get(info.id());
        return cached != null ? RowStream.of(cached) : store.stream(info);
    }

    private static DataMatrix selectClasses(DataMatrix data, List<Integer> classes) {
        if (classes == null || classes.isEmpty()) {
            return data;
        }
        if (!data.hasLabels()) {
            throw new InvalidInputException("classes", "the dataset has no labels to select classes by");
        }
        Set<Integer> wanted = Set.copyOf(classes);
        int[] rows = IntStream.range(0, data.rows()).filter(i -> wanted.contains(data.labels()[i])).toArray();
        if (rows.length == 0) {
            throw new InvalidInputException("classes", "no row has any of the labels " + classes);
        }
        return data.select(rows);
    }

    private java.util.Optional<DatasetInfo> builtIn() {
        if (!fashionMnist.isInstalled()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DatasetInfo(FashionMnist.ID, "Fashion-MNIST", 60_000, List.of(1, 28, 28),
                true, Instant.EPOCH, true, Map.of("train", 60_000, "test", 10_000)));
    }

}
