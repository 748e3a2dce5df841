package io.aeserve.scoring;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns stored results (.npy, one row per dataset row) into CSV as they are read: a header of the columns, then
 * one line per row led by its index. Only one row is in memory at a time.
 */
final class ResultsCsv {

    private ResultsCsv() {}

    static void write(InputStream npy, List<String> columns, OutputStream target) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(npy, 1 << 16));
        byte[] preamble = new byte[10];
        in.readFully(preamble);
        int headerLength = ByteBuffer.wrap(preamble, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        in.skipNBytes(headerLength);
        Writer out = new BufferedWriter(new OutputStreamWriter(new BufferedOutputStream(target, 1 << 16),
                StandardCharsets.US_ASCII));
        out.write("row," + String.join(",", columns) + "\n");
        int anomaly = columns.indexOf("anomaly");
        byte[] bytes = new byte[columns.size() * Float.BYTES];
        ByteBuffer row = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long index = 0;
        while (in.readNBytes(bytes, 0, bytes.length) == bytes.length) {
            out.write(Long.toString(index++));
            for (int c = 0; c < columns.size(); c++) {
                float value = row.getFloat(c * Float.BYTES);
                out.write(',');
                out.write(c == anomaly ? Integer.toString((int) value) : Float.toString(value));
            }
            out.write('\n');
        }
        out.flush();
    }
}
