package org.ldncds.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service, and what the service may call.
 *
 * @param enabled whether CDS clients must authenticate with a signed JWT; on unless
 * explicitly turned off
 * @param clients the trusted CDS clients
 * @param clockSkew how far clocks may disagree when checking exp, nbf and iat
 * @param maxTokenLifetime tokens valid for longer are refused (and replay protection
 * keeps jti this long at most), unless a client sets its own
 * @param allowHttpFhirServer whether a plain-http fhirServer may be called (tests, local
 * demos); https otherwise
 * @param allowedOrigins browser origins allowed by CORS, e.g. the CDS Hooks sandbox
 * @param demoClient the built-in demo client
 * @param publicBaseUrl the URL EHRs call this service by (up to, not including,
 * {@code /cds-services}): tokens must name an endpoint under it in {@code aud}; when
 * unset, only this service's loopback URLs ({@code http://localhost:<port>}...)
 * @param keyRefreshLimit how many times a client's key set may be fetched again, because
 * a token names a key id it does not hold, within {@code keyRefreshPeriod}, unless a
 * client sets its own
 * @param keyRefreshPeriod the window {@code keyRefreshLimit} counts in
 */
@ConfigurationProperties("ldn.security")
public record SecurityProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<Client> clients,
		@DefaultValue("60s") Duration clockSkew, @DefaultValue("1h") Duration maxTokenLifetime,
		@DefaultValue("false") boolean allowHttpFhirServer, @DefaultValue( {
				"https://sandbox.cds-hooks.org", "http://localhost:[*]",
				"http://127.0.0.1:[*]" }) List<String> allowedOrigins,
		@DefaultValue DemoClient demoClient, URI publicBaseUrl, @DefaultValue("2") int keyRefreshLimit,
		@DefaultValue("30s") Duration keyRefreshPeriod){

	/**
	 * A trusted CDS client (an EHR).
	 *
	 * @param issuer the {@code iss} of its tokens
	 * @param jwksUrl where its public keys are published; always trusted for this issuer
	 * @param jwksFile a file or classpath resource holding its public keys, instead of a
	 * URL (or as well: its keys are tried first, even for a token that names a
	 * {@code jku})
	 * @param jkuAllowList the {@code jku} URLs its tokens may name; any other is refused
	 * @param audience accepted {@code aud} values; empty means the endpoint called under
	 * the public base URL
	 * @param fhirServers the FHIR server origins it may name as {@code fhirServer}
	 * @param algorithms the signature algorithms accepted
	 * @param maxTokenLifetime its own longest token lifetime; unset means the global one
	 * @param keyRefreshLimit its own key refresh limit; unset means the global one
	 * @param keyRefreshPeriod its own key refresh window; unset means the global one
	 * @param keySetFormat how the documents at its key URLs are written
	 */
	public record Client(String issuer, URI jwksUrl, String jwksFile, @DefaultValue List<URI> jkuAllowList,
			@DefaultValue List<String> audience, @DefaultValue List<URI> fhirServers, @DefaultValue( {
					"RS384", "ES384" }) List<String> algorithms,
			Duration maxTokenLifetime, Integer keyRefreshLimit, Duration keyRefreshPeriod,
			@DefaultValue("jwk-set") KeySetFormat keySetFormat){
	}

	/** How a client publishes its public keys at its key URLs. */
	public enum KeySetFormat {

		/** A JWK Set (RFC 7517), {@code {"keys": [...]}}. */
		JWK_SET,

		/**
		 * The Da Vinci CRD request generator's {@code /public_keys}: a JSON array of
		 * {@code {"id": <key id>, "pem": <public JWK>}}.
		 */
		DAVINCI_PUBLIC_KEYS

	}

	/**
	 * The demo client: signs with a key pair made at startup and never written anywhere,
	 * and hands tokens only to callers on this machine. Turn it off in production.
	 *
	 * @param enabled whether it is trusted
	 * @param fhirServers the FHIR server origins its calls may name
	 * @param tokenNetworks address ranges (CIDR) besides this machine whose direct
	 * callers may get its tokens: in docker-compose.yml, the Docker network's gateway,
	 * the address the host's browser arrives from
	 */
	public record DemoClient(@DefaultValue("true") boolean enabled, @DefaultValue List<URI> fhirServers,
			@DefaultValue List<String> tokenNetworks) {

		@ConstructorBinding
		public DemoClient {
			tokenNetworks.forEach(AddressRange::parse);
		}

		public DemoClient(boolean enabled, List<URI> fhirServers) {
			this(enabled, fhirServers, List.of());
		}

	}

}
