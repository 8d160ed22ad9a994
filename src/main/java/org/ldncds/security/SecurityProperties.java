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
 * keeps jti this long at most)
 * @param allowHttpFhirServer whether a plain-http fhirServer may be called (tests, local
 * demos); https otherwise
 * @param allowedOrigins browser origins allowed by CORS, e.g. the CDS Hooks sandbox
 * @param demoClient the built-in demo client
 */
@ConfigurationProperties("ldn.security")
public record SecurityProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<Client> clients,
		@DefaultValue("60s") Duration clockSkew, @DefaultValue("1h") Duration maxTokenLifetime,
		@DefaultValue("false") boolean allowHttpFhirServer, @DefaultValue( {
				"https://sandbox.cds-hooks.org", "http://localhost:[*]",
				"http://127.0.0.1:[*]" }) List<String> allowedOrigins,
		@DefaultValue DemoClient demoClient){

	/**
	 * A trusted CDS client (an EHR).
	 *
	 * @param issuer the {@code iss} of its tokens
	 * @param jwksUrl where its public keys are published; always trusted for this issuer
	 * @param jwksFile a file or classpath resource holding its public keys, instead of a
	 * URL
	 * @param jkuAllowList the {@code jku} URLs its tokens may name; any other is refused
	 * @param audience accepted {@code aud} values; empty means the exact URL called
	 * @param fhirServers the FHIR server origins it may name as {@code fhirServer}
	 * @param algorithms the signature algorithms accepted
	 */
	public record Client(String issuer, URI jwksUrl, String jwksFile, @DefaultValue List<URI> jkuAllowList,
			@DefaultValue List<String> audience, @DefaultValue List<URI> fhirServers, @DefaultValue( {
					"RS384", "ES384" }) List<String> algorithms){
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
