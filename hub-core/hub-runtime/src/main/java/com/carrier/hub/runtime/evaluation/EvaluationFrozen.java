package com.carrier.hub.runtime.evaluation;

/** Published once when a campaign's response window has closed and its evaluation was frozen. */
public record EvaluationFrozen(Evaluation evaluation) {
}
