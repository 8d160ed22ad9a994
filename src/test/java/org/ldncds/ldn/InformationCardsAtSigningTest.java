package org.ldncds.ldn;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ldncds.hooks.Card;
import org.ldncds.hooks.Indicator;
import org.ldncds.hooks.IssuedCard;
import org.ldncds.hooks.Source;

import static org.assertj.core.api.Assertions.assertThat;

class InformationCardsAtSigningTest {

	private static final IssuedCard TITRATION = card(Indicator.INFO, "Start LDN at 1.5 mg at bedtime");

	private static final IssuedCard DOSE_WARNING = card(Indicator.WARNING, "LDN dose above 5 mg");

	private static final IssuedCard OPIOID = card(Indicator.CRITICAL, "Naltrexone with oxycodone");

	private final InformationCardsAtSigning unlessShown = policy(
			InformationCardsAtSigning.Policy.UNLESS_SHOWN_AT_SELECT);

	@Test
	void anInformationCardShownAtSelectIsNotRepeatedAtSignForTheSamePatient() {
		unlessShown.apply("order-select", "p-1", List.of(TITRATION, DOSE_WARNING));

		assertThat(unlessShown.apply("order-sign", "p-1", List.of(TITRATION, DOSE_WARNING)))
			.containsExactly(DOSE_WARNING);
	}

	@Test
	void anotherPatientStillGetsTheInformationCardAtSign() {
		unlessShown.apply("order-select", "p-1", List.of(TITRATION));

		assertThat(unlessShown.apply("order-sign", "p-2", List.of(TITRATION))).containsExactly(TITRATION);
	}

	@Test
	void anInformationCardNeverShownAtSelectIsShownAtSign() {
		assertThat(unlessShown.apply("order-sign", "p-1", List.of(TITRATION))).containsExactly(TITRATION);
	}

	@Test
	void warningsAndCriticalCardsAreAlwaysRepeated() {
		InformationCardsAtSigning never = policy(InformationCardsAtSigning.Policy.NEVER);
		unlessShown.apply("order-select", "p-1", List.of(DOSE_WARNING, OPIOID));

		assertThat(unlessShown.apply("order-sign", "p-1", List.of(DOSE_WARNING, OPIOID))).containsExactly(DOSE_WARNING,
				OPIOID);
		assertThat(never.apply("order-sign", "p-1", List.of(TITRATION, DOSE_WARNING, OPIOID)))
			.containsExactly(DOSE_WARNING, OPIOID);
	}

	@Test
	void alwaysRepeatsEverything() {
		InformationCardsAtSigning always = policy(InformationCardsAtSigning.Policy.ALWAYS);
		always.apply("order-select", "p-1", List.of(TITRATION));

		assertThat(always.apply("order-sign", "p-1", List.of(TITRATION))).containsExactly(TITRATION);
	}

	@Test
	void theShownCardsAreForgottenAfterTheWindow() throws InterruptedException {
		InformationCardsAtSigning shortWindow = new InformationCardsAtSigning(
				InformationCardsAtSigning.Policy.UNLESS_SHOWN_AT_SELECT, Duration.ofMillis(50), 100);
		shortWindow.apply("order-select", "p-1", List.of(TITRATION));
		Thread.sleep(120);

		assertThat(shortWindow.apply("order-sign", "p-1", List.of(TITRATION))).containsExactly(TITRATION);
	}

	@Test
	void patientViewIsNotFiltered() {
		unlessShown.apply("order-select", "p-1", List.of(TITRATION));

		assertThat(unlessShown.apply("patient-view", "p-1", List.of(TITRATION))).containsExactly(TITRATION);
	}

	private static InformationCardsAtSigning policy(InformationCardsAtSigning.Policy policy) {
		return new InformationCardsAtSigning(policy, Duration.ofHours(12), 1000);
	}

	private static IssuedCard card(Indicator indicator, String summary) {
		return new IssuedCard("rule", new Card(null, summary, null, indicator, new Source("label", null), List.of(),
				null, List.of(), List.of()));
	}

}
