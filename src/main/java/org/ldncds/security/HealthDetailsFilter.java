package org.ldncds.security;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Health is open to everyone (load balancers, orchestrators), but its details (the
 * database, the disk, the absolute working directory, the audit backlog) only to the
 * administrator, by the same rules as the analytics ({@link AdminAccessFilter}): the
 * actuator shows components and details only to a request in the role
 * {@value #ADMIN_ROLE} ({@code management.endpoint.health.show-details:
 * when-authorized}), and this filter puts the administrator's requests in it. Anyone else
 * gets the status alone, never a 401.
 */
class HealthDetailsFilter extends OncePerRequestFilter {

	/** The role {@code management.endpoint.health.roles} names. */
	static final String ADMIN_ROLE = "ldn-admin";

	private static final Principal ADMINISTRATOR = () -> "ldn-administrator";

	private final AdminAccessFilter admin;

	HealthDetailsFilter(AdminAccessFilter admin) {
		this.admin = admin;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !RequestPaths.isUnder(RequestPaths.of(request), "/actuator/health");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(admin.isAdministrator(request) ? new Administrator(request) : request, response);
	}

	/** A request from the administrator, as the actuator asks about it. */
	private static final class Administrator extends HttpServletRequestWrapper {

		Administrator(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Principal getUserPrincipal() {
			return ADMINISTRATOR;
		}

		@Override
		public boolean isUserInRole(String role) {
			return ADMIN_ROLE.equals(role);
		}

	}

}
