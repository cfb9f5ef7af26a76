package com.carrier.hub.runtime.policy;

import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.policy.PolicyListStore.ListKind;

/**
 * Adding to, removing from and importing into the contact policy lists, with the state before and after attached to
 * the request's audit record: the one way both the admin API ({@code /api/contact-policy}) and the console
 * ({@code /console/contact-policy}) change the lists. The audit keeps whether the customer is on the list and its
 * channels, or an import's counts — never the numbers.
 */
@Component
public class PolicyListActions {

    private final PolicyListStore store;
    private final AuditTrail audit;

    public PolicyListActions(PolicyListStore store, AuditTrail audit) {
        this.store = store;
        this.audit = audit;
    }

    /** The list a path or form names ({@code blacklist}, {@code greylist}, {@code optouts}); null for any other. */
    public static ListKind kind(String list) {
        return list == null ? null : switch (list.toLowerCase(Locale.ROOT)) {
            case "blacklist" -> ListKind.BLACKLIST;
            case "greylist" -> ListKind.GREYLIST;
            case "optouts" -> ListKind.OPTOUT;
            default -> null;
        };
    }

    /** The name a list has in paths and forms. */
    public static String name(ListKind kind) {
        return kind == ListKind.OPTOUT ? "optouts" : kind.name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code SMS,PORTAL} into touchpoint ids; null when any name is not a registered touchpoint. */
    public Set<String> channels(String list) {
        return store.channels(list);
    }

    /** The touchpoint ids a list entry may name. */
    public List<String> channelIds() {
        return store.channelIds();
    }

    /**
     * Puts the customer on the list (replacing the blacklist's or greylist's entry; an opt-out per channel); returns
     * the customer's entries after. {@code channels} is needed for the greylist and the opt-outs.
     */
    public List<PolicyListStore.Entry> put(ListKind kind, String msisdn, Set<String> channels, String reason,
                                           String source) {
        Map<String, Object> before = state(kind, msisdn);
        switch (kind) {
            case BLACKLIST -> store.blacklist(msisdn, reason, source);
            case GREYLIST -> store.greylist(msisdn, channels, reason, source);
            case OPTOUT -> channels.forEach(ch -> store.optOut(msisdn, ch, source));
            default -> throw new IllegalStateException(kind.name());
        }
        audit.change(before, state(kind, msisdn));
        return store.lookup(kind, msisdn);
    }

    /** Takes the customer off the list (an opt-out of one channel when {@code channel} is given); false when not on it. */
    public boolean remove(ListKind kind, String msisdn, String channel) {
        Map<String, Object> before = state(kind, msisdn);
        if (!store.remove(kind, msisdn, channel)) {
            return false;
        }
        audit.change(before, state(kind, msisdn));
        return true;
    }

    /** Loads a list file ({@link PolicyListStore#importLines}); the audit keeps the counts only. */
    public PolicyListStore.ImportResult importFile(ListKind kind, Reader text, String source) throws IOException {
        long before = store.count(kind);
        PolicyListStore.ImportResult result = store.importLines(kind, text, source);
        // counts only: the rejected lines hold the numbers
        audit.change(Map.of("list", kind.name(), "entries", before), Map.of("list", kind.name(), "entries",
                store.count(kind), "read", result.read(), "accepted", result.accepted(), "rejected", result.rejected().size()));
        return result;
    }

    /** What the audit trail keeps of one customer on a list: whether it is on it, and its channels; not the number. */
    private Map<String, Object> state(ListKind kind, String msisdn) {
        List<PolicyListStore.Entry> entries = store.lookup(kind, msisdn);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("list", kind.name());
        state.put("onList", !entries.isEmpty());
        state.put("channels", entries.stream().flatMap(e -> e.channels().stream()).distinct().sorted().toList());
        return state;
    }
}
