package org.ldncds.calls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * The service's own calls to itself over HTTP while it starts, before it says it is ready
 * (the first request through Tomcat, the filters and the controller is many times slower
 * than the next): they are nobody's, so they are not recorded. They carry a secret made
 * at startup in a header; the secret is forgotten when the warm-up ends, so no later call
 * can use it, and no caller can guess it (256 random bits).
 */
@Component
public class WarmUpCalls {

	/** The header a warm-up call carries its secret in. */
	public static final String HEADER = "X-LDN-Warm-Up";

	private final AtomicReference<String> secret = new AtomicReference<>();

	private final SecureRandom random = new SecureRandom();

	/** Starts a warm-up: the secret its calls carry, until {@link #end()}. */
	public String begin() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String made = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		secret.set(made);
		return made;
	}

	/** Ends the warm-up: no call is one of its calls any more. */
	public void end() {
		secret.set(null);
	}

	/** Whether the request is one of the warm-up's own calls. */
	boolean isWarmUp(HttpServletRequest request) {
		String current = secret.get();
		return current != null && Optional.ofNullable(request.getHeader(HEADER))
			.map((sent) -> MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII),
					current.getBytes(StandardCharsets.US_ASCII)))
			.orElse(false);
	}

}
