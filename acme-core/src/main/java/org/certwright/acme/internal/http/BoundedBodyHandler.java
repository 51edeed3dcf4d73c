package org.certwright.acme.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory, but never more than a limit, and refuses responses with too
 * many headers: what a CA sends is untrusted input and must not be able to exhaust memory.
 */
final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

    /** The response broke a limit; the message says which. */
    static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        private final int status;

        LimitExceededException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The status of the response that broke the limit, so that errors can name it. */
        int status() {
            return status;
        }
    }

    private final long maxBytes;
    private final int maxHeaders;

    BoundedBodyHandler(long maxBytes, int maxHeaders) {
        this.maxBytes = maxBytes;
        this.maxHeaders = maxHeaders;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        int headerCount = info.headers().map().values().stream().mapToInt(List::size).sum();
        if (headerCount > maxHeaders) {
            return failing(new LimitExceededException(
                    "response has " + headerCount + " header fields, more than the limit of " + maxHeaders,
                    info.statusCode()));
        }
        OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            return failing(new LimitExceededException("response body of " + declared.getAsLong()
                    + " bytes exceeds the limit of " + maxBytes + " bytes", info.statusCode()));
        }
        return new Subscriber(maxBytes, info.statusCode());
    }

    /** A body subscriber that the transport can stop when the exchange's deadline has passed. */
    interface Abortable {
        /**
         * Stops reading: cancels the subscription, which makes the client close the connection,
         * and fails the body with {@code reason}. Safe to call at any time, more than once.
         */
        void abort(IOException reason);
    }

    private static HttpResponse.BodySubscriber<byte[]> failing(IOException e) {
        return new FailingSubscriber(e);
    }

    /** Discards the body and fails with the given error. */
    private static final class FailingSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final IOException error;

        FailingSubscriber(IOException error) {
            this.error = error;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
            result.completeExceptionally(error);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            // cancelled in onSubscribe
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.completeExceptionally(error);
        }
    }

    /** Collects the body until the limit, then cancels and fails. */
    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]>, Abortable {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final long maxBytes;
        private final int status;
        private volatile Flow.Subscription subscription;

        Subscriber(long maxBytes, int status) {
            this.maxBytes = maxBytes;
            this.status = status;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (result.isDone()) {
                s.cancel(); // aborted before the body started
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void abort(IOException reason) {
            result.completeExceptionally(reason);
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if (buffer.size() + (long) b.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new LimitExceededException(
                            "response body exceeds the limit of " + maxBytes + " bytes", status));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public synchronized void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
