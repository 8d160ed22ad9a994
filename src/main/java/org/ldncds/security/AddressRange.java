package org.ldncds.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A range of IP addresses in CIDR notation ({@code 172.28.0.1/32}, {@code fd00::/8}).
 * Only literal addresses are accepted: a host name would need a DNS lookup, and what it
 * resolves to can change.
 */
record AddressRange(byte[] network, int prefixLength) {

	/** Dotted-quad IPv4, or IPv6 (with a colon, which no host name has). */
	private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F.]*:[0-9a-fA-F.:]*");

	/**
	 * @throws IllegalArgumentException naming the range, when it is not a literal CIDR
	 */
	static AddressRange parse(String cidr) {
		int slash = cidr.indexOf('/');
		String address = slash < 0 ? cidr : cidr.substring(0, slash);
		if (!LITERAL.matcher(address).matches()) {
			throw new IllegalArgumentException("not an IP address range (CIDR, e.g. 172.28.0.1/32): " + cidr);
		}
		try {
			byte[] network = InetAddress.getByName(address).getAddress();
			int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
			if (prefix < 0 || prefix > network.length * 8) {
				throw new IllegalArgumentException("prefix length out of range in " + cidr);
			}
			return new AddressRange(network, prefix);
		}
		catch (UnknownHostException | NumberFormatException ex) {
			throw new IllegalArgumentException("not an IP address range (CIDR, e.g. 172.28.0.1/32): " + cidr, ex);
		}
	}

	boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != network.length) {
			return false;
		}
		for (int bit = 0; bit < prefixLength; bit++) {
			int mask = 0x80 >>> (bit % 8);
			if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
				return false;
			}
		}
		return true;
	}

}
