package io.aeserve.data;

import java.io.InputStream;

/**
 * One uploaded file.
 *
 * @param size its length in bytes, as received; readers check what a file's header announces against it
 */
public record Upload(InputStream content, String fileName, long size) {}
