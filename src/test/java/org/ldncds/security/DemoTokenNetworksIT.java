package org.ldncds.security;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ldncds.LdnCdsApplication;
import org.ldncds.testing.CdsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code ldn.security.demo-client.token-networks}: in docker-compose.yml the host's
 * browser reaches the service from the Docker network's gateway, not from the container's
 * loopback; naming that address lets it get demo tokens, and nobody else. Tested with a
 * real caller from this machine's own non-loopback address.
 */
class DemoTokenNetworksIT {

	@Test
	void aCallerInATokenNetworkGetsTokensAndOthersDoNot() throws Exception {
		Optional<InetAddress> address = nonLoopbackAddress();
		assumeThat(address).as("a non-loopback IPv4 address on this machine").isPresent();
		String host = address.get().getHostAddress();

		try (ConfigurableApplicationContext app = start(
				"--ldn.security.demo-client.token-networks[0]=" + host + "/32")) {
			assertThat(tokenStatus(app, host)).isEqualTo(200);
		}
		try (ConfigurableApplicationContext app = start("--ldn.security.demo-client.token-networks[0]=10.99.0.0/16")) {
			assertThat(tokenStatus(app, host)).isEqualTo(404);
		}
		try (ConfigurableApplicationContext app = start()) {
			assertThat(tokenStatus(app, host)).isEqualTo(404);
		}
	}

	@Test
	void aRangeThatIsNotACidrStopsStartup() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> start("--ldn.security.demo-client.token-networks[0]=docker-host"))
			.hasStackTraceContaining("not an IP address range (CIDR, e.g. 172.28.0.1/32): docker-host");
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		String[] all = new String[arguments.length + 3];
		all[0] = "--server.port=0";
		all[1] = "--server.address=0.0.0.0";
		all[2] = "--ldn.security.enabled=true";
		System.arraycopy(arguments, 0, all, 3, arguments.length);
		return new SpringApplicationBuilder(LdnCdsApplication.class).run(all);
	}

	private static int tokenStatus(ConfigurableApplicationContext app, String host) {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		String base = "http://" + host + ":" + port;
		return new CdsClient(URI.create(base))
			.post("/demo/token?aud=" + base + "/cds-services/x", HttpRequest.BodyPublishers.noBody())
			.status();
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!networkInterface.isUp() || networkInterface.isLoopback()) {
				continue;
			}
			for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}

}
