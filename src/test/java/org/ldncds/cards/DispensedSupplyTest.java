package org.ldncds.cards;

import java.math.BigDecimal;
import java.util.List;

import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.ldncds.knowledge.CardTemplate.DoseStep;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supply a changed order dispenses: what the original covered, in days, at the new
 * dose; left as written whenever the days or the units cannot be told.
 */
class DispensedSupplyTest {

	private static final List<DoseStep> DAILY_1_5_MG = List.of(new DoseStep(1.5, null, null));

	private static final BigDecimal MG_4_5 = new BigDecimal("4.5");

	private static final BigDecimal MG_1_5 = new BigDecimal("1.5");

	@Test
	void aThirtyDaySupplyByExpectedDurationIsThirtyCapsulesOfTheNewStrength() {
		MedicationRequest original = order(daily("1", "{capsule}"), quantity("30", "{capsule}"));
		original.getDispenseRequest().setExpectedSupplyDuration(duration("30", "d"));

		assertThat(quantityAfter(original, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).isEqualByComparingTo("30");
	}

	@Test
	void weeksCountSevenDaysAndMonthsCannotBeTold() {
		MedicationRequest weeks = order(daily("1", "{capsule}"), quantity("99", "{capsule}"));
		weeks.getDispenseRequest().setExpectedSupplyDuration(duration("4", "wk"));
		assertThat(quantityAfter(weeks, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).isEqualByComparingTo("28");

		MedicationRequest months = order(daily("1", "{capsule}"), quantity("99", "{capsule}"));
		months.getDispenseRequest().setExpectedSupplyDuration(duration("1", "mo"));
		assertThat(quantityAfter(months, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).as("left as written")
			.isEqualByComparingTo("99");
	}

	@Test
	void withoutAnExpectedDurationTheDaysAreTheQuantityOverTheUnitsADay() {
		MedicationRequest twiceDaily = order(timesADay("1", "{capsule}", 2), quantity("56", "{capsule}"));
		assertThat(quantityAfter(twiceDaily, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).isEqualByComparingTo("28");

		MedicationRequest inMg = order(daily("4.5", "mg"), quantity("30", "capsules"));
		assertThat(quantityAfter(inMg, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).isEqualByComparingTo("30");

		MedicationRequest weekly = order(every("1", "{capsule}", 1, Timing.UnitsOfTime.WK), quantity("4", "{capsule}"));
		assertThat(quantityAfter(weekly, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).as("4 weeks, now daily")
			.isEqualByComparingTo("28");

		MedicationRequest hourly = order(every("1", "{capsule}", 24, Timing.UnitsOfTime.H),
				quantity("10", "{capsule}"));
		assertThat(quantityAfter(hourly, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).isEqualByComparingTo("10");
	}

	@Test
	void aTitrationTakesEachStepForItsDaysAndTheLastForTheRest() {
		List<DoseStep> titration = List.of(new DoseStep(1.5, 1, "wk"), new DoseStep(3, 7, "d"),
				new DoseStep(4.5, null, null));
		MedicationRequest original = order(daily("1", "{capsule}"), quantity("30", "{capsule}"));

		assertThat(quantityAfter(original, MG_4_5, MG_1_5, null, titration)).as("7 + 14 + 3 × 16")
			.isEqualByComparingTo("69");
		assertThat(DispensedSupply.unitsFor(titration, MG_1_5, BigDecimal.TEN)).as("7 + 2 × 3")
			.isEqualByComparingTo("13");
	}

	@Test
	void aLiquidInMillilitresKeepsItsConcentration() {
		MedicationRequest liquid = order(daily("4.5", "mL"), quantity("135", "mL"));

		assertThat(quantityAfter(liquid, null, null, BigDecimal.ONE, DAILY_1_5_MG)).isEqualByComparingTo("45");
		assertThat(quantityAfter(order(daily("4.5", "mL"), quantity("135", "mL")), null, null, null, DAILY_1_5_MG))
			.as("no concentration: left as written")
			.isEqualByComparingTo("135");
	}

	@Test
	void whatCannotBeToldIsLeftAsWritten() {
		assertThat(
				quantityAfter(order(daily("1", "{capsule}"), quantity("30", "g")), MG_4_5, MG_1_5, null, DAILY_1_5_MG))
			.as("a quantity in grams")
			.isEqualByComparingTo("30");
		assertThat(quantityAfter(order(daily("1", "{capsule}"), quantity("30", "{capsule}")), MG_4_5, null, null,
				DAILY_1_5_MG))
			.as("no new strength")
			.isEqualByComparingTo("30");
		assertThat(quantityAfter(order(new Dosage(), quantity("30", "{capsule}")), MG_4_5, MG_1_5, null, DAILY_1_5_MG))
			.as("a dosage without a dose")
			.isEqualByComparingTo("30");
		Dosage asNeeded = daily("1", "{capsule}");
		asNeeded.getTiming().getRepeat().setFrequencyMax(3);
		assertThat(quantityAfter(order(asNeeded, quantity("30", "{capsule}")), MG_4_5, MG_1_5, null, DAILY_1_5_MG))
			.as("up to three times a day")
			.isEqualByComparingTo("30");
		Dosage monthly = every("1", "{capsule}", 1, Timing.UnitsOfTime.MO);
		assertThat(quantityAfter(order(monthly, quantity("30", "{capsule}")), MG_4_5, MG_1_5, null, DAILY_1_5_MG))
			.isEqualByComparingTo("30");
		Dosage coded = new Dosage();
		coded.addDoseAndRate().setDose(new Quantity().setValue(1).setCode("{capsule}"));
		coded.getTiming().getCode().setText("BID");
		assertThat(quantityAfter(order(coded, quantity("30", "{capsule}")), MG_4_5, MG_1_5, null, DAILY_1_5_MG))
			.as("a timing code alone")
			.isEqualByComparingTo("30");
		assertThat(DispensedSupply.unitsPerDay(List.of(), MG_4_5)).isEmpty();
	}

	@Test
	void aDraftThatIsAlreadyATitrationIsNotSummedAsOneDay() {
		Dosage first = daily("1", "{capsule}").setSequence(1);
		first.getTiming().getRepeat().setBounds(duration("7", "d"));
		Dosage second = daily("2", "{capsule}").setSequence(2);

		assertThat(DispensedSupply.unitsPerDay(List.of(first, second), MG_1_5)).isEmpty();
		assertThat(DispensedSupply.unitsPerDay(List.of(daily("1", "{capsule}"), daily("2", "{capsule}")), MG_1_5))
			.as("two lines taken together: a morning and an evening dose")
			.hasValueSatisfying((units) -> assertThat(units).isEqualByComparingTo("3"));
	}

	@Test
	void aDoseIsReadOnlyWhenItIsOneQuantityWithAValue() {
		Dosage twoDoses = daily("1", "{capsule}");
		twoDoses.addDoseAndRate().setDose(new Quantity().setValue(2).setCode("{capsule}"));
		assertThat(DispensedSupply.unitsPerDay(List.of(twoDoses), MG_1_5)).isEmpty();

		Dosage noValue = new Dosage();
		noValue.addDoseAndRate().setDose(new Quantity().setCode("{capsule}"));
		assertThat(DispensedSupply.unitsPerDay(List.of(noValue), MG_1_5)).isEmpty();

		assertThat(DispensedSupply.unitsPerDay(List.of(daily("4.5", "mg")), null)).as("mg without a strength")
			.isEmpty();
		Dosage periodZero = daily("1", "{capsule}");
		periodZero.getTiming().getRepeat().setPeriod(0);
		assertThat(DispensedSupply.unitsPerDay(List.of(periodZero), MG_1_5)).isEmpty();
	}

	@Test
	void aQuantityWithoutAUnitCountsCapsulesAndMillilitresHaveTheirWords() {
		MedicationRequest unitless = order(daily("1", "{capsule}"), new Quantity().setValue(30));
		assertThat(quantityAfter(unitless, MG_4_5, MG_1_5, null, DAILY_1_5_MG)).isEqualByComparingTo("30");

		assertThat(DispensedSupply.isMillilitres(new Quantity().setUnit("millilitres"))).isTrue();
		assertThat(DispensedSupply.isMillilitres(new Quantity().setUnit("capsules"))).isFalse();
		assertThat(DispensedSupply.isMillilitres(new Quantity())).isFalse();
	}

	@Test
	void anOrderWithoutAQuantityGetsNone() {
		MedicationRequest original = new MedicationRequest().addDosageInstruction(daily("1", "{capsule}"));
		MedicationRequest changed = original.copy();

		DispensedSupply.follow(original, changed, MG_4_5, MG_1_5, null, DAILY_1_5_MG);

		assertThat(changed.hasDispenseRequest()).isFalse();
	}

	private static BigDecimal quantityAfter(MedicationRequest original, BigDecimal oldStrength, BigDecimal newStrength,
			BigDecimal concentration, List<DoseStep> steps) {
		MedicationRequest changed = original.copy();
		DispensedSupply.follow(original, changed, oldStrength, newStrength, concentration, steps);
		return changed.getDispenseRequest().getQuantity().getValue();
	}

	private static MedicationRequest order(Dosage dosage, Quantity quantity) {
		MedicationRequest order = new MedicationRequest().addDosageInstruction(dosage);
		order.getDispenseRequest().setQuantity(quantity);
		return order;
	}

	private static Dosage daily(String dose, String unit) {
		return every(dose, unit, 1, Timing.UnitsOfTime.D);
	}

	private static Dosage timesADay(String dose, String unit, int times) {
		Dosage dosage = daily(dose, unit);
		dosage.getTiming().getRepeat().setFrequency(times);
		return dosage;
	}

	private static Dosage every(String dose, String unit, int period, Timing.UnitsOfTime periodUnit) {
		Dosage dosage = new Dosage();
		dosage.addDoseAndRate().setDose(new Quantity().setValue(new BigDecimal(dose)).setUnit(unit).setCode(unit));
		dosage.getTiming().getRepeat().setFrequency(1).setPeriod(period).setPeriodUnit(periodUnit);
		return dosage;
	}

	private static Quantity quantity(String value, String unit) {
		return new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setCode(unit);
	}

	private static Duration duration(String value, String unit) {
		Duration duration = new Duration();
		duration.setValue(new BigDecimal(value)).setUnit(unit).setCode(unit);
		return duration;
	}

}
