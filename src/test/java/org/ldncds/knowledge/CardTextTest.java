package org.ldncds.knowledge;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardTextTest {

	private static final String BUTALBITAL_CODEINE = "acetaminophen 300 MG / butalbital 50 MG / caffeine 40 MG / "
			+ "codeine phosphate 30 MG Oral Capsule";

	@Test
	void keepsTextThatFits() {
		assertThat(CardText.shortened("oxycodone 5 mg", 14)).isEqualTo("oxycodone 5 mg");
	}

	@Test
	void cutsLongTextAtAWordWithinTheLimit() {
		assertThat(CardText.shortened(BUTALBITAL_CODEINE, 50)).isEqualTo("acetaminophen 300 MG / butalbital 50 MG…")
			.hasSizeLessThanOrEqualTo(50);
	}

	@Test
	void cutsTextWithoutSpacesAtTheLimit() {
		assertThat(CardText.shortened("x".repeat(80), 10)).isEqualTo("x".repeat(9) + "…");
	}

	@Test
	void listsNamesThatFit() {
		assertThat(CardText.list(List.of("oxycodone", "morphine"), 19)).isEqualTo("oxycodone, morphine");
	}

	@Test
	void countsNamesThatDoNotFitWithinTheLimit() {
		assertThat(CardText.list(List.of("oxycodone", "morphine", "fentanyl"), 25)).isEqualTo("oxycodone, +2 more");
	}

	@Test
	void shortensAFirstNameThatDoesNotFitAndCountsTheRest() {
		assertThat(CardText.list(List.of(BUTALBITAL_CODEINE, "oxycodone 5 mg"), 50))
			.isEqualTo("acetaminophen 300 MG / butalbital 50 MG…, +1 more")
			.hasSizeLessThanOrEqualTo(50);
	}

}
