package org.ldncds.facts;

/**
 * Why the dose of an order could not be read, for the card that asks for it. The wording
 * is the card template's, one row per kind (see
 * {@code rules/cards/naltrexone-dose-unknown.md}); this says only what went wrong and
 * with what.
 *
 * @param kind what went wrong
 * @param subject what it went wrong with, as the order wrote it: the unit ("{puff}"), the
 * strengths found ("4.5 mg, 50 mg"), or the conflicting parts of the instructions ("1.5
 * mg and 3 mg"); empty when there is nothing to name
 */
public record DoseProblem(Kind kind, String subject) {

	public enum Kind {

		/** No doseQuantity, doseRange or instructions text. */
		NO_DOSE,
		/** A doseQuantity or doseRange without a value. */
		NO_VALUE,
		/**
		 * A unit that is neither a mass, nor a volume, nor a count of a known strength.
		 */
		UNIT_NOT_UNDERSTOOD,
		/** A count of tablets or capsules, and no strength per tablet or capsule. */
		NO_STRENGTH,
		/** A volume, and no concentration. */
		NO_CONCENTRATION,
		/** A count or volume, and more than one strength to multiply it by. */
		SEVERAL_STRENGTHS,
		/** Only instructions text, and no amount in it. */
		NO_AMOUNT_IN_TEXT,
		/** Instructions text naming different doses or frequencies. */
		AMBIGUOUS_TEXT,
		/** Instructions text too long to be read (the subject is the limit). */
		TEXT_TOO_LONG

	}

	public DoseProblem {
		subject = (subject == null) ? "" : subject;
	}

	static DoseProblem of(Kind kind) {
		return new DoseProblem(kind, "");
	}

}
