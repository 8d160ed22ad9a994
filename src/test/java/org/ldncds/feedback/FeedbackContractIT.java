package org.ldncds.feedback;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ldncds.audit.AuditTrail;
import org.ldncds.hooks.CardIds;
import org.ldncds.db.AuditWriteHold;
import org.ldncds.db.ExampleCall;
import org.ldncds.testing.CdsClient;
import org.ldncds.testing.CdsClient.Answer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ldncds.db.ExampleCall.reasonOf;
import static org.ldncds.db.ExampleCall.suggestionOf;
import static org.ldncds.db.FeedbackJson.accepted;
import static org.ldncds.db.FeedbackJson.body;
import static org.ldncds.db.FeedbackJson.overridden;

/**
 * The feedback endpoint against a real database: feedback on the cards of a real call is
 * stored once and acknowledged only when stored. Each item is judged on its own: an
 * inconsistent item is refused naming the item and the field, the others are stored, and
 * the answer says what became of each; a body whose every item is refused is answered
 * 400. An override reason the card did not offer is stored as the client's own. Run
 * against H2 and PostgreSQL by the subclasses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class FeedbackContractIT {

	private static final String SERVICE = ExampleCall.SERVICE;

	private static final Instant AT = Instant.parse("2026-11-21T10:05:31Z");

	@LocalServerPort
	int port;

	@Autowired
	AuditTrail audit;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	private CdsClient http;

	@BeforeEach
	void connect() {
		this.http = new CdsClient(port);
	}

	// Round trip

	@Test
	void storesAcceptedAndOverriddenFeedbackOnTheCardsOfACall() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		JsonNode reason = reasonOf(critical, 0);

		assertThat(counts(feedback(body(accepted(card, suggestionOf(critical), AT)))))
			.isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 1}"));
		assertThat(counts(feedback(body(overridden(card, reason, AT.plusSeconds(60))))))
			.isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 1}"));

		List<StoredFeedback> stored = storedFeedback(card);
		assertThat(stored).containsExactly(
				new StoredFeedback(SERVICE, "accepted", suggestionOf(critical), null, null, AT),
				new StoredFeedback(SERVICE, "overridden", null, reason.get("system").asText(),
						reason.get("code").asText(), AT.plusSeconds(60)));
	}

	@Test
	void storesOverriddenFeedbackWithoutAReason() throws Exception {
		String card = ExampleCall.example().callOk(http).critical().get("uuid").asText();

		assertThat(feedback(body(overridden(card, AT))).status()).isEqualTo(200);

		assertThat(storedFeedback(card))
			.containsExactly(new StoredFeedback(SERVICE, "overridden", null, null, null, AT));
	}

	@Test
	void storesEveryItemOfABodyAboutSeveralCards() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		JsonNode info = ExampleCall.withoutOpioid().callOk(http).infoWithSuggestion();

		Answer answer = feedback(body(overridden(critical.get("uuid").asText(), reasonOf(critical, 0), AT),
				accepted(info.get("uuid").asText(), suggestionOf(info), AT)));

		assertThat(counts(answer)).isEqualTo(CdsClient.parse("{\"received\": 2, \"stored\": 2}"));
		assertThat(storedFeedback(critical.get("uuid").asText())).hasSize(1);
		assertThat(storedFeedback(info.get("uuid").asText())).hasSize(1);
	}

	// Idempotency

	@Test
	void storesTheSameFeedbackPostedTwiceOnce() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		String body = body(overridden(card, reasonOf(critical, 0), AT));

		assertThat(counts(feedback(body))).isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 1}"));
		assertThat(counts(feedback(body))).isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 0}"));

		assertThat(storedFeedback(card)).hasSize(1);
	}

	@Test
	void storesOnlyTheNewItemsOfABodyRepeatedWithMore() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		JsonNode info = ExampleCall.withoutOpioid().callOk(http).infoWithSuggestion();
		ObjectNode first = overridden(critical.get("uuid").asText(), reasonOf(critical, 0), AT);
		ObjectNode second = accepted(info.get("uuid").asText(), suggestionOf(info), AT);
		feedback(body(first));

		assertThat(counts(feedback(body(first, second))))
			.isEqualTo(CdsClient.parse("{\"received\": 2, \"stored\": 1}"));

		assertThat(storedFeedback(critical.get("uuid").asText())).hasSize(1);
		assertThat(storedFeedback(info.get("uuid").asText())).hasSize(1);
	}

	@Test
	void recognisesTheSameTimestampWrittenWithAnotherOffset() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		ObjectNode utc = overridden(card, AT);
		ObjectNode paris = overridden(card, AT);
		paris.put("outcomeTimestamp", "2026-11-21T11:05:31+01:00");

		assertThat(counts(feedback(body(utc)))).isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 1}"));
		assertThat(counts(feedback(body(paris)))).isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 0}"));
	}

	// Cards not yet written by the audit trail

	@Test
	void acceptsFeedbackOnACardStillInTheAuditBuffer() throws Exception {
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		JsonNode critical;
		try (AuditWriteHold hold = AuditWriteHold.on(dataSource)) {
			critical = ExampleCall.example().callOk(http).critical();
			String card = critical.get("uuid").asText();
			assertThat(issuedCardRows(card)).as("card written while the writer is held").isZero();

			Answer answer = feedback(body(accepted(card, suggestionOf(critical), AT)));

			assertThat(counts(answer)).isEqualTo(CdsClient.parse("{\"received\": 1, \"stored\": 1}"));
			assertThat(issuedCardRows(card)).as("card written while the writer is held").isZero();
			assertThat(storedFeedback(card)).hasSize(1);
		}
		assertThat(audit.awaitDrained(Duration.ofSeconds(10))).isTrue();
		assertThat(issuedCardRows(critical.get("uuid").asText())).isOne();
	}

	// Refusals: each names the item and the field,
	// and nothing of the refused item is stored

	@Test
	void refusesACardNoCallIssued() {
		String unknown = UUID.randomUUID().toString();
		feedback(body(overridden(unknown, AT))).assertRefused(400, "invalid_request", "feedback[0].card", unknown,
				"not a card issued by " + SERVICE);
		assertThat(storedFeedback(unknown)).isEmpty();
	}

	@Test
	void asksToSendAgainFeedbackOnACardIssuedMomentsAgoThatIsNotRecordedYet() throws Exception {
		// As another instance would have issued it a moment ago, its record on its way.
		String fresh = new CardIds(Clock.systemUTC()).next();

		Answer response = new CdsClient(port).post("/cds-services/" + SERVICE + "/feedback",
				body(overridden(fresh, AT)), null);

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).contains("1");
		JsonNode error = CdsClient.parse(response.body());
		assertThat(error.path("error").asText()).isEqualTo("card_not_yet_recorded");
		assertThat(error.path("detail").asText()).contains(fresh);
		assertThat(storedFeedback(fresh)).isEmpty();
	}

	@Test
	void refusesACardIdOfThisServiceFromLongAgoThatNoCallIssued() {
		String old = new CardIds(Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC)).next();

		feedback(body(overridden(old, AT))).assertRefused(400, "invalid_request", "feedback[0].card", old,
				"not a card issued by " + SERVICE);
	}

	@Test
	void refusesACardIssuedByAnotherService() {
		String card = ExampleCall.example().callOk(http).critical().get("uuid").asText();

		feedback("ldn-order-sign", body(overridden(card, AT))).assertRefused(400, "invalid_request", "feedback[0].card",
				"not a card issued by ldn-order-sign");

		assertThat(storedFeedback(card)).isEmpty();
	}

	@Test
	void refusesAnItemWithoutOutcome() {
		assertRefusesBrokenItem((item) -> item.remove("outcome"), "feedback[0].outcome is required");
	}

	@Test
	void refusesAnUnknownOutcome() {
		assertRefusesBrokenItem((item) -> item.put("outcome", "ignored"),
				"feedback[0].outcome must be accepted or overridden");
	}

	@Test
	void refusesAcceptedWithoutAcceptedSuggestions() {
		assertRefusesBrokenItem((item) -> item.remove("acceptedSuggestions"),
				"feedback[0].acceptedSuggestions is required");
	}

	@Test
	void refusesAcceptedWithEmptyAcceptedSuggestions() {
		assertRefusesBrokenItem((item) -> item.putArray("acceptedSuggestions"),
				"feedback[0].acceptedSuggestions is required");
	}

	@Test
	void refusesAcceptedWithASuggestionTheCardDidNotMake() {
		String other = UUID.randomUUID().toString();
		assertRefusesBrokenItem((item) -> ((ObjectNode) item.get("acceptedSuggestions").get(0)).put("id", other),
				"feedback[0].acceptedSuggestions[0].id", other, "not a suggestion of the card");
	}

	@Test
	void refusesAcceptedSuggestionsWithoutId() {
		assertRefusesBrokenItem((item) -> ((ObjectNode) item.get("acceptedSuggestions").get(0)).remove("id"),
				"feedback[0].acceptedSuggestions[0].id is required");
	}

	@Test
	void refusesOverriddenWithAcceptedSuggestions() {
		assertRefusesBrokenItem((item) -> item.put("outcome", "overridden"),
				"feedback[0].acceptedSuggestions must be absent when the outcome is overridden");
	}

	@Test
	void refusesAcceptedWithAnOverrideReason() {
		assertRefusesBrokenItem(
				(item) -> item.putObject("overrideReason")
					.putObject("reason")
					.put("system", "http://ldn-cds.org/fhir/CodeSystem/ldn-override-reasons")
					.put("code", "opioid-stopped"),
				"feedback[0].overrideReason is only allowed when the outcome is overridden");
	}

	@Test
	void storesAnOverrideReasonTheCardDidNotOfferAsTheClientsOwn() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		ObjectNode notOffered = reasonOf(critical, 0).put("code", "dose-intended");

		Answer answer = feedback(body(overridden(card, notOffered, AT)));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json()).isEqualTo(CdsClient.parse("""
				{"received": 1, "stored": 1, "items": [
				  {"index": 0, "card": "%s", "result": "stored", "clientReason": true}]}
				""".formatted(card)));
		assertThat(storedFeedback(card)).containsExactly(new StoredFeedback(SERVICE, "overridden", null,
				notOffered.get("system").asText(), "dose-intended", AT));
		assertThat(reasonByClient(card)).containsExactly(true);
	}

	@Test
	void storesAReasonOfTheClientsOwnCodeSystemAsTheClientsOwn() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		ObjectNode ehrReason = reasonOf(critical, 0).put("system", "http://example.org/ehr/override-reasons");

		assertThat(feedback(body(overridden(card, ehrReason, AT))).json().at("/items/0/clientReason").asBoolean())
			.isTrue();

		assertThat(storedFeedback(card)).extracting(StoredFeedback::reasonSystem)
			.containsExactly("http://example.org/ehr/override-reasons");
		assertThat(reasonByClient(card)).containsExactly(true);
	}

	@Test
	void aReasonTheCardOfferedIsNotTheClientsOwnEvenWithoutItsDisplay() throws Exception {
		// The CDS Hooks sandbox sends the reason's code and system without the display.
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		ObjectNode withoutDisplay = reasonOf(critical, 0);
		withoutDisplay.remove("display");

		JsonNode answer = feedback(body(overridden(card, withoutDisplay, AT))).json();

		assertThat(answer.at("/items/0/result").asText()).isEqualTo("stored");
		assertThat(answer.at("/items/0").has("clientReason")).isFalse();
		assertThat(reasonByClient(card)).containsExactly(false);
	}

	@Test
	void refusesAClientsOwnReasonTooLongToStore() {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		ObjectNode longCode = reasonOf(critical, 0).put("code", "x".repeat(101));

		feedback(body(overridden(card, longCode, AT))).assertRefused(400, "invalid_request",
				"feedback[0].overrideReason.reason.code is longer than 100 characters");

		assertThat(storedFeedback(card)).isEmpty();
	}

	@Test
	void refusesAnOverrideReasonWithoutCode() {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		ObjectNode noCode = reasonOf(critical, 0);
		noCode.remove("code");

		feedback(body(overridden(card, noCode, AT))).assertRefused(400, "invalid_request",
				"feedback[0].overrideReason.reason.code is required");
	}

	@Test
	void refusesAnItemWithoutOutcomeTimestamp() {
		assertRefusesBrokenItem((item) -> item.remove("outcomeTimestamp"), "feedback[0].outcomeTimestamp is required");
	}

	@Test
	void refusesAnOutcomeTimestampThatIsNotADateTimeWithOffset() {
		assertRefusesBrokenItem((item) -> item.put("outcomeTimestamp", "2026-11-21T10:05:31"),
				"feedback[0].outcomeTimestamp must be an ISO 8601 date-time with offset");
	}

	@Test
	void storesTheGoodItemsOfABodyAndRefusesTheBadOnesNamingEach() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		String unknown = UUID.randomUUID().toString();
		ObjectNode good = overridden(card, reasonOf(critical, 0), AT);
		ObjectNode badOutcome = overridden(card, AT.plusSeconds(1));
		badOutcome.put("outcome", "maybe");
		ObjectNode unknownCard = overridden(unknown, AT);

		Answer answer = feedback(body(badOutcome, good, unknownCard, good));

		assertThat(answer.status()).as("the body was well formed and an item was stored").isEqualTo(200);
		assertThat(answer.json()).isEqualTo(CdsClient.parse("""
				{"received": 4, "stored": 1, "items": [
				  {"index": 0, "card": "%1$s", "result": "refused",
				   "reason": "feedback[0].outcome must be accepted or overridden"},
				  {"index": 1, "card": "%1$s", "result": "stored"},
				  {"index": 2, "card": "%2$s", "result": "refused",
				   "reason": "feedback[2].card %2$s is not a card issued by %3$s"},
				  {"index": 3, "card": "%1$s", "result": "duplicate"}]}
				""".formatted(card, unknown, SERVICE)));
		assertThat(storedFeedback(card)).containsExactly(new StoredFeedback(SERVICE, "overridden", null,
				reasonOf(critical, 0).get("system").asText(), reasonOf(critical, 0).get("code").asText(), AT));
		assertThat(storedFeedback(unknown)).isEmpty();
	}

	@Test
	void answers400NamingEveryItemWhenEveryItemIsRefused() {
		String card = ExampleCall.example().callOk(http).critical().get("uuid").asText();
		ObjectNode noTimestamp = overridden(card, AT);
		noTimestamp.remove("outcomeTimestamp");
		ObjectNode noCard = overridden(card, AT);
		noCard.remove("card");

		Answer answer = feedback(body(noTimestamp, noCard));

		answer.assertRefused(400, "invalid_request", "every feedback item was refused",
				"feedback[0].outcomeTimestamp is required", "feedback[1].card is required");
		assertThat(answer.json().get("received").asInt()).isEqualTo(2);
		assertThat(answer.json().get("stored").asInt()).isZero();
		assertThat(answer.json().get("items")).hasSize(2);
		assertThat(answer.json().at("/items/0/card").asText()).isEqualTo(card);
		assertThat(answer.json().at("/items/1").has("card")).isFalse();
		assertThat(answer.json().at("/items/1/result").asText()).isEqualTo("refused");
		assertThat(storedFeedback(card)).isEmpty();
	}

	@Test
	void reportsEachItemOfASuccessfulBody() throws Exception {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();

		Answer answer = feedback(body(accepted(card, suggestionOf(critical), AT)));

		assertThat(answer.json()).isEqualTo(CdsClient.parse("""
				{"received": 1, "stored": 1, "items": [{"index": 0, "card": "%s", "result": "stored"}]}
				""".formatted(card)));
	}

	@Test
	void refusesABodyWhoseFeedbackIsNotAnArray() {
		feedback("{\"feedback\": {\"card\": \"x\"}}").assertRefused(400, "invalid_request",
				"feedback must be a non-empty array");
	}

	@Test
	void refusesAnEmptyFeedbackArray() {
		feedback("{\"feedback\": []}").assertRefused(400, "invalid_request", "feedback must be a non-empty array");
	}

	@Test
	void refusesABodyWithoutFeedback() {
		feedback("{}").assertRefused(400, "invalid_request", "feedback must be a non-empty array");
	}

	@Test
	void refusesAnItemThatIsNotAnObject() {
		feedback("{\"feedback\": [\"accepted\"]}").assertRefused(400, "invalid_request",
				"feedback[0] must be an object");
	}

	@Test
	void refusesABodyThatIsNotAJsonObject() {
		feedback("[]").assertRefused(400, "invalid_request", "must be a JSON object");
	}

	@Test
	void refusesABodyWithAKeyTwice() throws Exception {
		// Which outcome counts? Refused, not guessed, and nothing of it is stored.
		String card = ExampleCall.example().callOk(http).critical().get("uuid").asText();
		String twice = body(overridden(card, AT)).replaceFirst("\\{", "{\"feedback\": [],");
		feedback(twice).assertRefused(400, "invalid_request", "ambiguous", "feedback", "twice");
		assertThat(storedFeedback(card)).isEmpty();
	}

	@Test
	void refusesContentAfterTheBody() throws Exception {
		String card = ExampleCall.example().callOk(http).critical().get("uuid").asText();
		feedback(body(overridden(card, AT)) + " {}").assertRefused(400, "invalid_request", "ambiguous",
				"after its JSON value");
	}

	@Test
	void refusesMalformedJson() {
		feedback("{\"feedback\": [").assertRefused(400, "invalid_request", "not valid JSON");
	}

	@Test
	void answers404ForAnUnknownService() {
		String card = ExampleCall.example().callOk(http).critical().get("uuid").asText();

		feedback("no-such-service", body(overridden(card, AT))).assertRefused(404, "unknown_service",
				"no-such-service");

		assertThat(storedFeedback(card)).isEmpty();
	}

	@Test
	void answers415ForABodyThatIsNotDeclaredJson() {
		String card = ExampleCall.example().callOk(http).critical().get("uuid").asText();

		http.post("/cds-services/" + SERVICE + "/feedback", BodyPublishers.ofString(body(overridden(card, AT))),
				"Content-Type", "text/plain")
			.assertRefused(415, "unsupported_media_type", "application/json");

		assertThat(storedFeedback(card)).isEmpty();
	}

	/**
	 * Breaks a valid item (accepting the critical card's suggestion) and expects a 400
	 * whose detail mentions each of the words given; nothing is stored.
	 */
	private void assertRefusesBrokenItem(Consumer<ObjectNode> breakItem, String... mentions) {
		JsonNode critical = ExampleCall.example().callOk(http).critical();
		String card = critical.get("uuid").asText();
		ObjectNode item = accepted(card, suggestionOf(critical), AT);
		breakItem.accept(item);

		feedback(body(item)).assertRefused(400, "invalid_request", mentions);

		assertThat(storedFeedback(card)).isEmpty();
	}

	private Answer feedback(String body) {
		return feedback(SERVICE, body);
	}

	private Answer feedback(String service, String body) {
		return http.post("/cds-services/" + service + "/feedback", BodyPublishers.ofString(body), "Content-Type",
				"application/json");
	}

	private List<StoredFeedback> storedFeedback(String card) {
		return jdbc.sql("""
				select service_id, outcome, accepted_suggestions, override_reason_system, override_reason_code,
				    outcome_timestamp
				from card_feedback where card_uuid = ? order by outcome_timestamp
				""")
			.param(card)
			.query((rs, row) -> new StoredFeedback(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()))
			.list();
	}

	/** Whether each stored item of the card has the client's own reason. */
	private List<Boolean> reasonByClient(String card) {
		return jdbc
			.sql("select override_reason_by_client from card_feedback where card_uuid = ? order by outcome_timestamp")
			.param(card)
			.query(Boolean.class)
			.list();
	}

	/**
	 * The answer's counts alone, as clients written for the first answer shape read it.
	 */
	private static JsonNode counts(Answer answer) {
		ObjectNode counts = ((ObjectNode) answer.json()).deepCopy();
		counts.retain("received", "stored");
		return counts;
	}

	private int issuedCardRows(String card) {
		return jdbc.sql("select count(*) from issued_card where cast(card_uuid as varchar(36)) = ?")
			.param(card)
			.query(Integer.class)
			.single();
	}

	/** A row of card_feedback, as compared in these tests. */
	record StoredFeedback(String serviceId, String outcome, String acceptedSuggestions, String reasonSystem,
			String reasonCode, Instant outcomeTimestamp) {

		StoredFeedback {
			outcomeTimestamp = outcomeTimestamp.truncatedTo(ChronoUnit.MICROS);
		}

	}

}
