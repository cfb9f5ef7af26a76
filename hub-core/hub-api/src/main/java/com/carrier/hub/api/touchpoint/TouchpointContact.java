package com.carrier.hub.api.touchpoint;

import java.util.Map;

/**
 * One customer to reach: the campaign's template fields already rendered for them, and their values.
 *
 * @param msisdn the customer
 * @param fields the template's text fields, rendered ({@code text}, {@code title}…); a field the campaign left out is absent
 * @param vars   the customer's values (name, city, segment, attr1…) and what the contact policy chose for them (the MM
 *               {@code apps})
 */
public record TouchpointContact(String msisdn, Map<String, String> fields, Map<String, String> vars) {
}
