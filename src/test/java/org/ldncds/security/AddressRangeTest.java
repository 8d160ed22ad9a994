package org.ldncds.security;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressRangeTest {

	@Test
	void matchesAddressesWithinThePrefix() throws Exception {
		AddressRange gateway = AddressRange.parse("172.28.0.1/32");
		AddressRange bridge = AddressRange.parse("172.16.0.0/12");

		assertThat(gateway.contains(InetAddress.getByName("172.28.0.1"))).isTrue();
		assertThat(gateway.contains(InetAddress.getByName("172.28.0.2"))).isFalse();
		assertThat(bridge.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
		assertThat(bridge.contains(InetAddress.getByName("172.32.0.1"))).isFalse();
		assertThat(bridge.contains(InetAddress.getByName("::1"))).isFalse();
		assertThat(AddressRange.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
	}

	@Test
	void refusesHostNamesAndBadPrefixes() {
		assertThatThrownBy(() -> AddressRange.parse("host.docker.internal"))
			.hasMessageContaining("not an IP address range");
		assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("prefix length out of range");
		assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x")).hasMessageContaining("not an IP address range");
		// Looks like hex, but would be looked up in DNS as a host name.
		assertThatThrownBy(() -> AddressRange.parse("cafe/32")).hasMessageContaining("not an IP address range");
		assertThatThrownBy(() -> AddressRange.parse("10.1/16")).hasMessageContaining("not an IP address range");
	}

}
