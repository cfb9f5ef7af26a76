package com.carrier.hub.runtime.policy;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.policy.PolicyListStore.ListKind;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.carrier.hub.runtime.web.UploadCharset;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Blacklist, greylist and per-channel opt-outs (PEERS.md §7.2). Reads need VIEWER, changes OPERATOR. Lists load in bulk
 * from files: {@code POST /api/contact-policy/{list}/import} with the file as the body (charset from Content-Type,
 * UTF-8 by default; GBK files say {@code text/plain; charset=GBK}).
 */
@RestController
@RequestMapping("/api/contact-policy")
public class ContactPolicyController {

    /** A blacklist or greylist entry to add. */
    public record EntryRequest(String reason, List<String> channels) {
    }

    private final PolicyListStore store;
    private final PolicyListActions actions;

    public ContactPolicyController(PolicyListStore store, PolicyListActions actions) {
        this.store = store;
        this.actions = actions;
    }

    @GetMapping
    @Operation(summary = "How many entries each list has")
    public Map<String, Long> counts() {
        return Map.of("blacklist", store.count(ListKind.BLACKLIST), "greylist", store.count(ListKind.GREYLIST),
                "optouts", store.count(ListKind.OPTOUT));
    }

    @GetMapping("/{list}/{msisdn}")
    @Operation(summary = "The list's entries for one customer (404 when none)")
    public List<PolicyListStore.Entry> get(@PathVariable String list, @PathVariable String msisdn) {
        List<PolicyListStore.Entry> entries = store.lookup(kind(list), msisdn(msisdn));
        if (entries.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, Msisdn.mask(msisdn) + " is not on the " + list);
        }
        return entries;
    }

    @PutMapping("/{list}/{msisdn}")
    @Operation(summary = "Put a customer on the list; greylist and optouts need channels")
    public ResponseEntity<List<PolicyListStore.Entry>> put(@PathVariable String list, @PathVariable String msisdn,
                                                           @RequestBody(required = false) EntryRequest body, Principal who) {
        ListKind kind = kind(list);
        String m = msisdn(msisdn);
        String source = "api:" + who.getName();
        String reason = body == null ? null : body.reason();
        String problem = InputLimits.problem(reason, InputLimits.REASON);
        if (problem != null) {
            throw new InvalidRequest("the reason is not valid", List.of(new FieldError("reason", problem)));
        }
        return ResponseEntity.ok(actions.put(kind, m, kind == ListKind.BLACKLIST ? null : channels(body), reason, source));
    }

    @DeleteMapping("/{list}/{msisdn}")
    @Operation(summary = "Take a customer off the list (optouts: ?channel=SMS for one channel)")
    public ResponseEntity<Void> delete(@PathVariable String list, @PathVariable String msisdn,
                                       @RequestParam(required = false) String channel) {
        String ch = channel == null ? null : store.channels(channel) == null ? null
                : store.channels(channel).iterator().next();
        if (channel != null && ch == null) {
            throw new InvalidRequest("unknown channel", List.of(new FieldError("channel", "unknown channel '" + channel
                    + "': one of " + store.channelIds())));
        }
        ListKind kind = kind(list);
        String m = msisdn(msisdn);
        if (!actions.remove(kind, m, ch)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, Msisdn.mask(msisdn) + " is not on the " + list);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{list}/import", consumes = "text/plain")
    @Operation(summary = "Load a list file: one customer a line; bad lines come back with their number and reason")
    public PolicyListStore.ImportResult importFile(@PathVariable String list, HttpServletRequest request, Principal who)
            throws IOException {
        Charset charset = UploadCharset.of(request);
        ListKind kind = kind(list);
        return actions.importFile(kind, new InputStreamReader(request.getInputStream(), charset), "file:" + who.getName());
    }

    /** A list file that is not text/plain, or names a charset this JVM does not know: 415 naming it. */
    @PostMapping(path = "/{list}/import")
    @AuditAction("contact-policy.import-file")
    @Operation(summary = "415: a list file is text/plain in a charset the hub knows")
    public PolicyListStore.ImportResult importOfAnotherType(@PathVariable String list, HttpServletRequest request) {
        throw UploadCharset.otherType(request, "a list file");
    }

    private static ListKind kind(String list) {
        ListKind kind = PolicyListActions.kind(list);
        if (kind == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no list '" + list + "': blacklist, greylist or optouts");
        }
        return kind;
    }

    private static String msisdn(String msisdn) {
        if (!Msisdn.isValid(msisdn)) {
            throw new InvalidRequest("not an MSISDN", List.of(new FieldError("msisdn",
                    "must be 11 digits starting with 1, got " + Msisdn.mask(msisdn))));
        }
        return msisdn;
    }

    private Set<String> channels(EntryRequest body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || body.channels() == null || body.channels().isEmpty()) {
            throw new InvalidRequest("channels are required", List.of(new FieldError("channels",
                    "name the channels, one or more of " + store.channelIds())));
        }
        Set<String> out = store.channels(String.join(",", body.channels()));
        if (out == null) {
            errors.add(new FieldError("channels", "unknown channel in " + body.channels() + ": one of " + store.channelIds()));
            throw new InvalidRequest("unknown channel", errors);
        }
        return out;
    }
}
