package org.ldncds.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Client authentication, CORS, security headers and administrator access, in this order
 * in front of every request: CORS answers browser preflights, then headers are set, then
 * the call is traced, then the client is authenticated; analytics are for administrators.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SecurityProperties.class, AdminProperties.class })
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	private static final String CORS_REJECTED = """
			{"error":"cors_rejected","detail":"this origin, method or header is not allowed"}""";

	private static final String UNSUPPORTED_MEDIA_TYPE = """
			{"error":"unsupported_media_type","detail":"Content-Type must be application/json"}""";

	/**
	 * Before Spring's own filters, some of which parse the Content-Type (the form filter
	 * for PUT), and right after the body timing, which must wrap every answer.
	 */
	static final int MEDIA_TYPE_HEADERS_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	static final int CORS_ORDER = 1;

	static final int HEADERS_ORDER = 2;

	static final int AUTHENTICATION_ORDER = 10;

	static final int ADMIN_ORDER = 11;

	static final int HEALTH_DETAILS_ORDER = 12;

	@Bean
	DemoClient demoClient(SecurityProperties properties, Clock clock) {
		// Without the bean the demo token endpoint
		// answers 404 and the issuer is not trusted.
		return properties.enabled() && properties.demoClient().enabled() ? new DemoClient(clock) : null;
	}

	@Bean
	SignatureVerifiers signatureVerifiers(@Value("${ldn.security.native-crypto:true}") boolean nativeCrypto) {
		return SignatureVerifiers.choose(nativeCrypto, NativeCrypto::amazonCorretto);
	}

	@Bean
	ClientTokenVerifier clientTokenVerifier(SecurityProperties properties, ObjectProvider<DemoClient> demo,
			ReplayCache replayCache, Clock clock, SignatureVerifiers signatureVerifiers) {
		if (!properties.enabled()) {
			log.warn("CLIENT AUTHENTICATION IS OFF (ldn.security.enabled=false): any caller is answered. "
					+ "Every response carries {}: disabled", ClientAuthenticationFilter.DISABLED_HEADER);
		}
		else if (properties.demoClient().enabled()) {
			log.warn("The demo client is trusted (ldn.security.demo-client.enabled=true): local callers can obtain "
					+ "tokens from POST /demo/token. Turn it off in production.");
		}
		return new ClientTokenVerifier(properties, demo.getIfAvailable(), replayCache, clock, signatureVerifiers);
	}

	/**
	 * Warms the token path with throwaway keys before the instance says it is ready; does
	 * nothing when client authentication is off.
	 */
	@Bean
	TokenVerificationWarmUp tokenVerificationWarmUp(ClientTokenVerifier verifier, SecurityProperties properties,
			Clock clock) {
		return new TokenVerificationWarmUp(verifier, properties, clock);
	}

	@Bean
	Audiences audiences(SecurityProperties properties, ObjectProvider<ServerProperties> serverProperties) {
		// No server properties when the application runs without a web server.
		ServerProperties server = serverProperties.getIfAvailable();
		boolean tls = server != null && server.getSsl() != null && server.getSsl().isEnabled();
		return new Audiences(properties.publicBaseUrl(), tls);
	}

	/**
	 * Says, once the port is known, which audience tokens must name, and warns about
	 * clients whose tokens can only be accepted on this machine's loopback names.
	 */
	@Bean
	ApplicationListener<ServletWebServerInitializedEvent> expectedAudienceAnnouncer(SecurityProperties properties,
			Audiences audiences) {
		return (event) -> {
			if (!properties.enabled() || event.getApplicationContext().getServerNamespace() != null) {
				return;
			}
			String expected = audiences.describe(event.getWebServer().getPort(),
					event.getApplicationContext().getServletContext().getContextPath());
			log.info("Client tokens must name aud {}", expected);
			for (SecurityProperties.Client client : properties.clients()) {
				if (!client.audience().isEmpty()) {
					log.info("Client {} tokens must name one of its audience {}", client.issuer(), client.audience());
				}
				else if (!audiences.hasPublicBaseUrl()) {
					log.warn("Client {} has no audience and {} is not set: its tokens are accepted only for {}",
							client.issuer(), Audiences.PROPERTY, expected);
				}
			}
		};
	}

	@Bean
	FilterRegistrationBean<ClientAuthenticationFilter> clientAuthentication(ClientTokenVerifier verifier,
			SecurityProperties properties, Audiences audiences) {
		FilterRegistrationBean<ClientAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new ClientAuthenticationFilter(verifier, properties, audiences));
		registration.setOrder(AUTHENTICATION_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<AdminAccessFilter> adminAccess(AdminProperties properties) {
		if (properties.credentialsConfigured()) {
			log.info("Rule analytics need the administrator's credentials (HTTP Basic, user '{}')",
					properties.username());
		}
		else {
			log.info("Rule analytics are served only to this machine: set ldn.admin.username and "
					+ "ldn.admin.password to open them from elsewhere");
		}
		FilterRegistrationBean<AdminAccessFilter> registration = new FilterRegistrationBean<>(
				new AdminAccessFilter(properties));
		registration.setOrder(ADMIN_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<HealthDetailsFilter> healthDetails(AdminProperties properties) {
		FilterRegistrationBean<HealthDetailsFilter> registration = new FilterRegistrationBean<>(
				new HealthDetailsFilter(new AdminAccessFilter(properties)));
		registration.setOrder(HEALTH_DETAILS_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<MediaTypeHeadersFilter> mediaTypeHeaders() {
		FilterRegistrationBean<MediaTypeHeadersFilter> registration = new FilterRegistrationBean<>(
				new MediaTypeHeadersFilter());
		registration.setOrder(MEDIA_TYPE_HEADERS_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeaders(SecurityProperties properties) {
		FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
				new SecurityHeadersFilter(!properties.enabled()));
		registration.setOrder(HEADERS_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<CorsFilter> cors(SecurityProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(properties.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/cds-services", cors);
		source.registerCorsConfiguration("/cds-services/**", cors);
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new JsonCorsProcessor());
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(CORS_ORDER);
		return registration;
	}

	/**
	 * Refuses a cross-origin request in JSON, as every other refusal, not in plain text.
	 */
	static final class JsonCorsProcessor extends DefaultCorsProcessor {

		@Override
		public boolean processRequest(CorsConfiguration config, HttpServletRequest request,
				HttpServletResponse response) throws IOException {
			try {
				return super.processRequest(config, request, response);
			}
			catch (IllegalArgumentException ex) {
				// Spring cannot hold a Content-Type such as application/* in its headers.
				response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
				response.setContentType(MediaType.APPLICATION_JSON_VALUE);
				response.getWriter().write(UNSUPPORTED_MEDIA_TYPE);
				return false;
			}
		}

		@Override
		protected void rejectRequest(ServerHttpResponse response) throws IOException {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			response.getBody().write(CORS_REJECTED.getBytes(StandardCharsets.UTF_8));
			response.flush();
		}

	}

}
