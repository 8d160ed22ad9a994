package org.ldncds.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request is routed by: decoded, normalised and without path parameters, as
 * the servlet container and Spring MVC match it. Access decisions must look at this, not
 * at the raw request URI, in which {@code /%61nalytics} or {@code /analytics;x} would not
 * look like the path they reach.
 */
final class RequestPaths {

	private RequestPaths() {
	}

	static String of(HttpServletRequest request) {
		String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
		String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
		String path = servletPath + pathInfo;
		return path.isEmpty() ? "/" : path;
	}

	static boolean isUnder(String path, String prefix) {
		return path.equals(prefix) || path.startsWith(prefix + "/");
	}

}
