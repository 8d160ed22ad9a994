package org.ldncds.facts;

/**
 * Present when the chart is opened (patient-view) rather than an order decided: nothing
 * is under review, and rules speak about the patient's current therapy.
 */
public record ChartReview() {
}
