package io.aeserve.web;

import io.aeserve.error.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over their limit: JSON and binary bodies over {@code aeserve.limits.max-request-size} at once when
 * the declared length is too large, and while reading when a chunked body grows past it; multipart uploads over
 * {@code aeserve.limits.max-upload-size} at once when their declared length is too large (a chunked upload is
 * counted by the multipart parser, which has the same limit).
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long limitBytes;
    private final long uploadLimitBytes;
    private final ProblemResponses problems;

    RequestSizeLimitFilter(long limitBytes, long uploadLimitBytes, ProblemResponses problems) {
        this.limitBytes = limitBytes;
        this.uploadLimitBytes = uploadLimitBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)) {
            if (request.getContentLengthLong() > uploadLimitBytes) {
                problems.write(response, request, ProblemResponses.payloadTooLarge(new PayloadTooLargeException(
                        "The upload is larger than the limit of " + uploadLimitBytes
                                + " bytes (aeserve.limits.max-upload-size)")));
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limitBytes) {
            problems.write(response, request, ProblemResponses.payloadTooLarge(new PayloadTooLargeException(limitBytes)));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limitBytes), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limitBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limitBytes) {
            super(request);
            this.limitBytes = limitBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limitBytes);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limitBytes;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long limitBytes) {
            this.delegate = delegate;
            this.limitBytes = limitBytes;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limitBytes) {
                throw new PayloadTooLargeException(limitBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
