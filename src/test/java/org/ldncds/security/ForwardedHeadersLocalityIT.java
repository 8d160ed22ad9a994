package org.ldncds.security;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With forwarded headers processed (Tomcat's RemoteIpValve, which Spring Boot turns on by
 * itself on Kubernetes and other cloud platforms) and every peer trusted as a proxy, the
 * worst case: a caller from another address that claims
 * {@code X-Forwarded-For: 127.0.0.1} has its remote address rewritten to loopback and the
 * header removed. Only the socket's peer decides whether it is local, so it gets neither
 * a demo token nor the analytics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ldn.security.enabled=true", "server.address=0.0.0.0", "server.forward-headers-strategy=native",
				"server.tomcat.remoteip.internal-proxies=.*" })
class ForwardedHeadersLocalityIT {

	@LocalServerPort
	int port;

	@Test
	void aCallerFromAnotherAddressClaimingLoopbackIsNotLocal() throws Exception {
		Optional<InetAddress> other = nonLoopbackAddress();
		assumeTrue(other.isPresent(), "this machine has no address but loopback");

		assertThat(send(other.get(), "POST /demo/token?aud=x", "X-Forwarded-For: 127.0.0.1").status()).isEqualTo(404);
		assertThat(send(other.get(), "GET /analytics/rules", "X-Forwarded-For: 127.0.0.1").status()).isEqualTo(403);
		assertThat(send(other.get(), "GET /analytics/rules", "X-Real-IP: 127.0.0.1").status()).isEqualTo(403);
	}

	@Test
	void aDirectCallerOnLoopbackIsStillLocal() throws Exception {
		assertThat(send(InetAddress.getLoopbackAddress(), "POST /demo/token?aud=x", null).status()).isEqualTo(200);
		assertThat(send(InetAddress.getLoopbackAddress(), "GET /analytics/rules", null).status()).isEqualTo(200);
	}

	private RawConnection.Response send(InetAddress from, String requestLine, String header) throws Exception {
		try (RawConnection connection = RawConnection.open(from, port)) {
			return connection
				.send(requestLine + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
						+ ((header != null) ? header + "\r\n" : "") + "Content-Length: 0\r\nConnection: close\r\n\r\n")
				.read(Duration.ofSeconds(10));
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (network.isUp() && !network.isLoopback()) {
				for (InetAddress address : Collections.list(network.getInetAddresses())) {
					if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
						return Optional.of(address);
					}
				}
			}
		}
		return Optional.empty();
	}

}
