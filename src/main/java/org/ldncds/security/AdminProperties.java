package org.ldncds.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may open the rule analytics ({@code /analytics} and {@code /analytics/rules}). With
 * both set, HTTP Basic with these credentials, from anywhere; with neither, only callers
 * on this machine that came directly (not through a proxy), which is what a local demo
 * needs and nothing more.
 *
 * @param username the administrator's user name
 * @param password the administrator's password
 */
@ConfigurationProperties("ldn.admin")
public record AdminProperties(String username, String password) {

	public AdminProperties {
		if (isSet(username) != isSet(password)) {
			throw new IllegalStateException(
					"Set both ldn.admin.username and ldn.admin.password, or neither (analytics for this machine only)");
		}
	}

	/** Whether credentials are configured. */
	public boolean credentialsConfigured() {
		return isSet(username);
	}

	private static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

	@Override
	public String toString() {
		return "AdminProperties[username=" + username + ", password=" + (isSet(password) ? "(set)" : "(unset)") + "]";
	}

}
