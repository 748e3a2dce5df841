package io.aeserve.inference;

import io.aeserve.web.RequestBodies;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Reads {@code {"inputs": [...]}} request bodies of the row endpoints and of anomaly-score: flat number rows by
 * {@link FlatRowsJson}, everything else (other fields, and every error) by Jackson with the application's mapper,
 * as before. Reading only; answers are written by Jackson.
 */
final class RowsJsonConverter extends AbstractHttpMessageConverter<Object> {

    private final JacksonJsonHttpMessageConverter jackson;

    RowsJsonConverter(JacksonJsonHttpMessageConverter jackson) {
        super(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
        this.jackson = jackson;
    }

    @Override
    protected boolean supports(Class<?> type) {
        return type == InferenceRequests.Rows.class || type == InferenceRequests.AnomalyScore.class;
    }

    @Override
    public boolean canWrite(Class<?> type, MediaType mediaType) {
        return false;
    }

    @Override
    protected Object readInternal(Class<?> type, HttpInputMessage message) throws IOException {
        byte[] body = RequestBodies.read(message.getBody(), message.getHeaders().getContentLength());
        InputRows rows = FlatRowsJson.read(body);
        if (rows == null) {
            return jackson.read(type, new ReadBody(message.getHeaders(), body));
        }
        // a body of nothing but rows: anomaly-score's other fields are absent, as Jackson would leave them
        return type == InferenceRequests.Rows.class ? new InferenceRequests.Rows(rows)
                : new InferenceRequests.AnomalyScore(rows, null, null, null);
    }

    @Override
    protected void writeInternal(Object request, HttpOutputMessage message) {
        throw new UnsupportedOperationException("request bodies are only read");
    }

    /** The body already read, for Jackson to read again. */
    private record ReadBody(HttpHeaders getHeaders, byte[] bytes) implements HttpInputMessage {

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(bytes);
        }
    }
}
