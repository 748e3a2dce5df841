package io.aeserve.web;

import java.io.IOException;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;

/** Binary bodies (float32, .npy, PNG, archives) read by {@link RequestBodies}; written as Spring writes them. */
class ByteArrayBodyConverter extends ByteArrayHttpMessageConverter {

    @Override
    public byte[] readInternal(Class<? extends byte[]> type, HttpInputMessage message) throws IOException {
        return RequestBodies.read(message.getBody(), message.getHeaders().getContentLength());
    }
}
