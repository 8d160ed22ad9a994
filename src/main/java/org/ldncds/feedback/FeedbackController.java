package org.ldncds.feedback;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import org.ldncds.hooks.BodyBudget;
import org.ldncds.hooks.CdsHooksException;
import org.ldncds.hooks.CdsServiceRegistry;
import org.ldncds.hooks.ErrorBody;
import org.ldncds.hooks.HooksProperties;
import org.ldncds.hooks.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CDS Hooks 2.0 feedback endpoint. Each item is judged on its own and the answer
 * says, item by item, what was stored, what had been stored before, and what was refused
 * and why; one bad item never loses the others. Feedback is acknowledged only once it is
 * stored; when the database cannot take it the client is told to retry (503).
 */
@RestController
class FeedbackController {

	private static final Logger log = LoggerFactory.getLogger(FeedbackController.class);

	private final CdsServiceRegistry registry;

	private final FeedbackParser parser;

	private final FeedbackRepository repository;

	private final HooksProperties properties;

	private final BodyBudget budget;

	FeedbackController(CdsServiceRegistry registry, FeedbackParser parser, FeedbackRepository repository,
			HooksProperties properties, BodyBudget budget) {
		this.registry = registry;
		this.parser = parser;
		this.repository = repository;
		this.properties = properties;
		this.budget = budget;
	}

	@PostMapping(path = "/cds-services/{id}/feedback", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> feedback(@PathVariable String id, HttpServletRequest request) {
		registry.require(id);
		long maxBytes = properties.maxBodySize().toBytes();
		// The body's bytes are held in the budget until the feedback is answered.
		try (BodyBudget.Reservation held = RequestBody.reserve(request, maxBytes, budget)) {
			return store(RequestBody.read(request, maxBytes, held), id);
		}
	}

	private ResponseEntity<?> store(byte[] body, String id) {
		try {
			// Checking the cards reads the database too.
			List<FeedbackParser.Judged> judged = parser.parse(body, id);
			List<Feedback> valid = judged.stream()
				.filter(FeedbackParser.Judged::isValid)
				.map(FeedbackParser.Judged::feedback)
				.toList();
			Iterator<Boolean> isNew = repository.store(valid).iterator();
			List<ItemResult> items = new ArrayList<>();
			for (FeedbackParser.Judged item : judged) {
				items.add(item.isValid() ? ItemResult.of(item, isNew.next()) : ItemResult.refused(item));
			}
			return answer(items);
		}
		catch (FeedbackParser.NotYetRecorded ex) {
			log.info("Feedback on a card issued moments ago by another instance: 503, retry");
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "1")
				.contentType(MediaType.APPLICATION_JSON)
				.body(new ErrorBody("card_not_yet_recorded", ex.getMessage()));
		}
		catch (DataAccessException | TransactionException ex) {
			throw new CdsHooksException(HttpStatus.SERVICE_UNAVAILABLE, "feedback_not_stored",
					"the feedback could not be stored right now; nothing was recorded, retry later");
		}
	}

	/**
	 * 200 when at least one item was stored or known; 400 when every item was refused.
	 */
	private static ResponseEntity<Acknowledgement> answer(List<ItemResult> items) {
		int stored = (int) items.stream().filter((item) -> ItemResult.STORED.equals(item.result())).count();
		List<ItemResult> refused = items.stream().filter((item) -> ItemResult.REFUSED.equals(item.result())).toList();
		if (refused.size() < items.size()) {
			if (!refused.isEmpty()) {
				log.info("Feedback: {} of {} items refused", refused.size(), items.size());
			}
			return ResponseEntity.ok(new Acknowledgement(null, null, items.size(), stored, items));
		}
		log.info("Refused feedback: 400 invalid_request, all {} items refused", items.size());
		String detail = (items.size() == 1) ? refused.get(0).reason() : "every feedback item was refused: "
				+ refused.stream().map(ItemResult::reason).collect(Collectors.joining("; "));
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Acknowledgement("invalid_request", detail, items.size(), 0, items));
	}

	/**
	 * The answer to a feedback body.
	 *
	 * @param error {@code invalid_request} when every item was refused, else absent
	 * @param detail every item's refusal, when every item was refused, else absent
	 * @param received the items received
	 * @param stored the items stored now; the others had been stored before or were
	 * refused
	 * @param items what became of each item, in the order of the body
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Acknowledgement(String error, String detail, int received, int stored, List<ItemResult> items) {
	}

	/**
	 * What became of one feedback item.
	 *
	 * @param index the item's place in the body's {@code feedback} array
	 * @param card the card the item names, when it names one
	 * @param result {@code stored}, {@code duplicate} (stored before: the same card,
	 * outcome and time), or {@code refused}
	 * @param reason why it was refused, naming the field; absent otherwise
	 * @param clientReason {@code true} when the override reason is the client's own, one
	 * the card did not offer; absent otherwise
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ItemResult(int index, String card, String result, String reason, Boolean clientReason) {

		static final String STORED = "stored";

		static final String DUPLICATE = "duplicate";

		static final String REFUSED = "refused";

		static ItemResult of(FeedbackParser.Judged item, boolean isNew) {
			return new ItemResult(item.index(), item.card(), isNew ? STORED : DUPLICATE, null,
					item.feedback().reasonByClient() ? Boolean.TRUE : null);
		}

		static ItemResult refused(FeedbackParser.Judged item) {
			return new ItemResult(item.index(), item.card(), REFUSED, item.refusal(), null);
		}

	}

}
