package org.ldncds.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.ldncds.hooks.CdsHooksException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/token?aud=<endpoint URL>}: a token of the built-in demo client, so
 * that the README's curl example and the sandbox page work with no configuration. It
 * answers only callers on this machine, or in the configured token networks, that came
 * directly (not through a proxy, see {@link LocalCaller}), and only while the demo client
 * is enabled; anyone else is told it does not exist.
 */
@RestController
class DemoTokenController {

	private final DemoClient demo;

	private final List<AddressRange> tokenNetworks;

	DemoTokenController(ObjectProvider<DemoClient> demo, SecurityProperties properties) {
		this.demo = demo.getIfAvailable();
		this.tokenNetworks = properties.demoClient().tokenNetworks().stream().map(AddressRange::parse).toList();
	}

	@PostMapping(path = "/demo/token", produces = MediaType.APPLICATION_JSON_VALUE)
	Token token(HttpServletRequest request) {
		// Decided before the parameters are read: aud may come in a form body, which a
		// caller from elsewhere must not make the service read.
		if (demo == null || !(LocalCaller.isLocalAndDirect(request) || fromTokenNetwork(request))) {
			throw new CdsHooksException(HttpStatus.NOT_FOUND, "not_found", "no such endpoint");
		}
		String aud = request.getParameter("aud");
		if (aud == null || aud.isBlank()) {
			throw CdsHooksException.badRequest("the parameter aud (the endpoint URL the token is for) is required");
		}
		return new Token(demo.tokenFor(aud), "Bearer", 300);
	}

	/**
	 * Whether a direct caller (no proxy) comes from one of the configured token networks
	 * ({@code ldn.security.demo-client.token-networks}).
	 */
	private boolean fromTokenNetwork(HttpServletRequest request) {
		return !tokenNetworks.isEmpty() && LocalCaller.directPeer(request)
			.map((caller) -> tokenNetworks.stream().anyMatch((range) -> range.contains(caller)))
			.orElse(false);
	}

	/** An OAuth-style token answer. */
	record Token(String access_token, String token_type, int expires_in) {
	}

}
