package org.ldncds.web;

import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.ldncds.hooks.HooksProperties;

/**
 * How request bodies are received, so that slow or refused bodies cannot tie up the
 * workers: Tomcat sends {@code 100 Continue} only when the application starts reading a
 * body (so a 401 or 413 is answered before the body is sent), a body read waits for data
 * at most {@code ldn.hooks.body.idle-timeout}, a body is read only in time
 * ({@link RequestBodyTiming}) and checked from its headers before it is read
 * ({@link RequestBodyGuard}), and a body left unread is not drained
 * ({@link ConnectionValve}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestBodyProperties.class)
class HttpEdgeConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestBodyReception(RequestBodyProperties limits) {
		return (factory) -> {
			factory.addEngineValves(new ConnectionValve());
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
					http.setContinueResponseTiming("onRead");
					http.setDisableUploadTimeout(false);
					http.setConnectionUploadTimeout((int) limits.idleTimeout().toMillis());
				}
			});
		};
	}

	@Bean
	FilterRegistrationBean<RequestBodyTiming> requestBodyTiming(RequestBodyProperties limits) {
		FilterRegistrationBean<RequestBodyTiming> registration = new FilterRegistrationBean<>(
				new RequestBodyTiming(limits));
		registration.setOrder(RequestBodyTiming.ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyGuard> requestBodyGuard(HooksProperties hooks) {
		FilterRegistrationBean<RequestBodyGuard> registration = new FilterRegistrationBean<>(
				new RequestBodyGuard(hooks));
		registration.setOrder(RequestBodyGuard.ORDER);
		return registration;
	}

}
