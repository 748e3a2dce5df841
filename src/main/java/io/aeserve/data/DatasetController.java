package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import io.aeserve.table.ColumnOverride;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload training data; the built-in fashion-mnist is there when installed")
class DatasetController {

    private final DatasetService datasets;
    private final JsonMapper mapper;

    DatasetController(DatasetService datasets, JsonMapper mapper) {
        this.datasets = datasets;
        this.mapper = mapper;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a dataset", description = """
            `file`: numeric CSV (a header line is allowed), a JSON array of rows (arrays of numbers, or objects \
            with numeric fields), or IDX / IDX.gz (unsigned bytes are scaled to [0, 1]; 3-d files become \
            [1, H, W] images). `labels`: optional IDX or one-column CSV with one integer label per row. The \
            format is guessed from the file name unless `format` is given. NaN and Infinity are refused. A file \
            that decodes to more than `aeserve.datasets.max-size` (4 bytes per value), or a gzipped file that \
            inflates beyond `aeserve.limits.max-upload-size`, is answered with 413.

            A CSV with a header whose cells are not all numbers, or that has empty cells, is a *table*, and so are \
            JSON objects with texts, nulls or fields left out (named by the first row's fields): each column's \
            kind is inferred (`numeric`, `categorical`, `boolean`; constant and id-like columns are `ignore`d) \
            unless `columns` sets it, and the response lists the columns and the `inputWidth` of a model trained \
            on the table. The `label` column is kept apart: its texts, sorted, are the labels (`classes`) that a \
            train request's `classes` select by index.""")
    ResponseEntity<DatasetInfo> upload(
            @RequestPart("file") MultipartFile file,
            @RequestPart(name = "labels", required = false) MultipartFile labels,
            @Parameter(description = "display name; the file name when absent") @RequestParam(required = false) String name,
            @Parameter(description = "csv, json or idx") @RequestParam(required = false) String format,
            @Parameter(description = "kinds to set for columns of a table: numeric, categorical, boolean, ignore"
                    + " or label", example = "[{\"name\": \"Class\", \"kind\": \"label\"},"
                    + " {\"name\": \"Id\", \"kind\": \"ignore\"}]") @RequestParam(required = false) String columns)
            throws IOException {
        if (file.isEmpty()) {
            throw new InvalidInputException("file", "is empty");
        }
        try (InputStream values = file.getInputStream();
                InputStream labelStream = labels != null && !labels.isEmpty() ? labels.getInputStream() : null) {
            DatasetInfo info = datasets.upload(new Upload(values, file.getOriginalFilename(), file.getSize()),
                    labelStream != null ? new Upload(labelStream, labels.getOriginalFilename(), labels.getSize()) : null,
                    name, format, overrides(columns));
            return ResponseEntity.created(URI.create("/api/v1/datasets/" + info.id())).body(info);
        }
    }

    private List<ColumnOverride> overrides(String columns) {
        if (columns == null || columns.isBlank()) {
            return null;
        }
        List<ColumnOverride> overrides;
        try {
            overrides = mapper.readValue(columns, new TypeReference<List<ColumnOverride>>() {});
        } catch (JacksonException e) {
            throw new InvalidInputException("columns", "must be a JSON list of {\"name\", \"kind\"} with kind one"
                    + " of numeric, categorical, boolean, ignore and label: " + e.getOriginalMessage());
        }
        if (overrides == null) {
            throw new InvalidInputException("columns", "must be a JSON list");
        }
        return overrides;
    }

    @GetMapping
    @Operation(summary = "List datasets", description = "The built-in ones first.")
    List<DatasetInfo> list() {
        return datasets.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a dataset's description")
    DatasetInfo get(@PathVariable String id) {
        return datasets.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an uploaded dataset", description = "Versions trained on it keep working.")
    ResponseEntity<Void> delete(@PathVariable String id) {
        datasets.delete(id);
        return ResponseEntity.noContent().build();
    }
}
