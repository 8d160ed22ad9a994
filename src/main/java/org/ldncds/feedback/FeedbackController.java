package org.ldncds.feedback;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.ldncds.hooks.CdsHooksException;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.HooksProperties;
import org.ldncds.hooks.RequestBody;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CDS Hooks 2.0 feedback endpoint. Feedback is acknowledged only once it is stored;
 * when the database cannot take it the client is told to retry (503).
 */
@RestController
class FeedbackController {

	private final CdsServiceRegistry registry;

	private final FeedbackParser parser;

	private final FeedbackRepository repository;

	private final HooksProperties properties;

	FeedbackController(CdsServiceRegistry registry, FeedbackParser parser, FeedbackRepository repository,
			HooksProperties properties) {
		this.registry = registry;
		this.parser = parser;
		this.repository = repository;
		this.properties = properties;
	}

	@PostMapping(path = "/cds-services/{id}/feedback", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Acknowledgement feedback(@PathVariable String id, HttpServletRequest request) {
		registry.require(id);
		byte[] body = RequestBody.read(request, properties.maxBodySize().toBytes());
		try {
			// Checking the cards reads the database too.
			List<Feedback> items = parser.parse(body, id);
			int stored = repository.store(items);
			return new Acknowledgement(items.size(), stored);
		}
		catch (DataAccessException | TransactionException ex) {
			throw new CdsHooksException(HttpStatus.SERVICE_UNAVAILABLE, "feedback_not_stored",
					"the feedback could not be stored right now; nothing was recorded, retry later");
		}
	}

	/**
	 * @param received the items received
	 * @param stored the items stored now; the others had been stored before
	 */
	record Acknowledgement(int received, int stored) {
	}

}
