package org.ldncds.analytics;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /analytics}: the rule analytics page, a static page that reads
 * {@code /analytics/rules}. Access is decided in front of it, as for the API.
 */
@Controller
class AnalyticsPage {

	@GetMapping("/analytics")
	String page() {
		return "forward:/analytics.html";
	}

}
