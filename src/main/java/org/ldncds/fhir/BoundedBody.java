package org.ldncds.fhir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an answer's body as it arrives, counting its bytes: past the limit it stops
 * reading and closes the connection. It reads on the HTTP client's own threads, so no
 * thread of the service waits in a socket read; {@link #abort()} ends the read at once
 * from any thread.
 */
final class BoundedBody implements BodySubscriber<byte[]> {

	private final long maxBytes;

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private volatile Flow.Subscription subscription;

	private volatile boolean aborted;

	private volatile long lastProgressNanos = System.nanoTime();

	private long count;

	BoundedBody(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/** When bytes last arrived (or the request was sent, before any did). */
	long lastProgressNanos() {
		return lastProgressNanos;
	}

	/** Marks progress: the answer's headers arrived. */
	void progressed() {
		lastProgressNanos = System.nanoTime();
	}

	/** Stops reading and closes the connection; the body fails. */
	void abort() {
		aborted = true;
		Flow.Subscription current = subscription;
		if (current != null) {
			current.cancel();
		}
		body.completeExceptionally(new FetchFailure(FetchFailure.Kind.TIMED_OUT, "the read was stopped"));
	}

	/** Reads nothing: the status and headers are all that is needed (a redirect). */
	void skip() {
		aborted = true;
		body.complete(new byte[0]);
	}

	/**
	 * Fails at once, without reading: the headers already told the answer is too large.
	 */
	void refuseAsTooLarge() {
		aborted = true;
		body.completeExceptionally(tooLarge());
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (aborted) {
			subscription.cancel();
		}
		else {
			subscription.request(Long.MAX_VALUE);
		}
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (aborted) {
			return;
		}
		lastProgressNanos = System.nanoTime();
		for (ByteBuffer buffer : buffers) {
			count += buffer.remaining();
			if (count > maxBytes) {
				aborted = true;
				subscription.cancel();
				body.completeExceptionally(tooLarge());
				return;
			}
			byte[] chunk = new byte[buffer.remaining()];
			buffer.get(chunk);
			bytes.write(chunk, 0, chunk.length);
		}
	}

	@Override
	public void onError(Throwable failure) {
		body.completeExceptionally(failure);
	}

	@Override
	public void onComplete() {
		body.complete(bytes.toByteArray());
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return body;
	}

	private FetchFailure tooLarge() {
		return new FetchFailure(FetchFailure.Kind.TOO_LARGE,
				"the FHIR server's answer is larger than " + maxBytes + " bytes");
	}

}
