package io.aeserve.data;

import io.aeserve.error.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Gunzips an uploaded file. A stream that is not gzip, or is cut short, is the client's mistake and is reported
 * as such (400); only a failure to read the upload itself stays an {@link IOException}.
 */
final class GzipUploadStream extends InputStream {

    private final GZIPInputStream gzip;
    private final String field;

    private GzipUploadStream(GZIPInputStream gzip, String field) {
        this.gzip = gzip;
        this.field = field;
    }

    static GzipUploadStream open(InputStream compressed, String field) throws IOException {
        try {
            return new GzipUploadStream(new GZIPInputStream(compressed, 1 << 16), field);
        } catch (ZipException | EOFException e) {
            throw corrupt(field, e);
        }
    }

    @Override
    public int read() throws IOException {
        try {
            return gzip.read();
        } catch (ZipException | EOFException e) {
            throw corrupt(field, e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return gzip.read(buffer, offset, length);
        } catch (ZipException | EOFException e) {
            throw corrupt(field, e);
        }
    }

    @Override
    public void close() throws IOException {
        gzip.close();
    }

    // GZIPInputStream reports a truncated stream as EOFException and bad content as ZipException
    private static InvalidInputException corrupt(String field, IOException cause) {
        return new InvalidInputException(field, "the gzip stream is corrupt: " + cause.getMessage());
    }
}
