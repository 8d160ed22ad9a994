package org.ldncds.calls;

/**
 * Told about every answered service call. Called on the request thread after the answer
 * is complete: implementations must return quickly and never throw.
 */
public interface CallListener {

	void completed(CompletedCall call);

}
