package com.carrier.hub.runtime.console;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.policy.PolicyListActions;
import com.carrier.hub.runtime.policy.PolicyListStore;
import com.carrier.hub.runtime.policy.PolicyListStore.ListKind;

/**
 * Contact policy lists ({@code /console/contact-policy}): how many entries each list has, one customer's entries on
 * the blacklist, greylist and opt-outs; an OPERATOR adds an entry, removes one after a confirmation page, and imports
 * a list file whose bad lines are shown with their number and reason. Every change goes through
 * {@link PolicyListActions}, as the API's, and is audited as {@code contact-policy.add}, {@code contact-policy.remove}
 * and {@code contact-policy.import} with the list and the counts or on-list state, never the number. A field that is
 * wrong is shown beside the field (400); the rule that a VIEWER only looks is in {@code ConsoleSecurity}.
 */
@Controller
public class PolicyPage {

    /** The page's path. */
    static final String PATH = "/console/contact-policy";
    /** The charsets an imported file may be in (PEERS common rules: GBK by default, UTF-8 too). */
    static final List<String> CHARSETS = List.of("UTF-8", "GBK");
    /** Bad lines of an import the page lists; the count says how many there were. */
    static final int REJECTS_SHOWN = 200;

    /** A list's name in forms, its kind and how many entries it has. */
    public record ListCount(String name, ListKind kind, long entries) {
    }

    /** One entry of the looked-up customer, with what the remove form needs. */
    public record EntryRow(String list, ListKind kind, List<String> channels, String reason, String source) {
    }

    /** A rejected line of an import: number, reason code and the line with mobile numbers masked. */
    public record RejectRow(long line, String reason, String text) {
    }

    /** What an import did. */
    public record ImportRow(String list, long read, long accepted, long rejected, List<RejectRow> lines) {
    }

    /** The add form as given, for showing it again beside its errors. */
    public record AddForm(String list, String msisdn, String channels, String reason) {
    }

    private final PolicyListStore store;
    private final PolicyListActions actions;

    public PolicyPage(PolicyListStore store, PolicyListActions actions) {
        this.store = store;
        this.actions = actions;
    }

    @GetMapping(PATH)
    public String page(HttpServletRequest request, HttpServletResponse response, Model model) {
        ConsoleForms.onlyParameters(request, Set.of("msisdn"));
        String msisdn = ConsoleForms.blankToNull(request.getParameter("msisdn"));
        if (msisdn != null && !Msisdn.isValid(msisdn)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("lookupError", ConsoleForms.shorten(msisdn));
            msisdn = null;
        }
        fill(model, msisdn, null);
        return "console/policy";
    }

    @PostMapping(PATH + "/add")
    @AuditAction("contact-policy.add")
    public String add(HttpServletRequest request, HttpServletResponse response, Principal who, Model model,
                      RedirectAttributes redirect) {
        ConsoleForms.onlyParameters(request, Set.of("list", "msisdn", "channels", "reason"));
        AddForm form = new AddForm(request.getParameter("list"), ConsoleForms.blankToNull(request.getParameter("msisdn")),
                ConsoleForms.blankToNull(request.getParameter("channels")), ConsoleForms.blankToNull(request.getParameter("reason")));
        Map<String, String> errors = new LinkedHashMap<>();
        ListKind kind = PolicyListActions.kind(form.list());
        if (kind == null) {
            errors.put("list", "policy.error.list");
        }
        if (form.msisdn() == null) {
            errors.put("msisdn", "policy.error.msisdnMissing");
        } else if (!Msisdn.isValid(form.msisdn())) {
            errors.put("msisdn", "policy.error.msisdn");
        }
        Set<String> channels = null;
        if (kind != null && kind != ListKind.BLACKLIST) {
            channels = form.channels() == null ? null : actions.channels(form.channels());
            if (form.channels() == null) {
                errors.put("channels", "policy.error.channelsMissing");
            } else if (channels == null || channels.isEmpty()) {
                errors.put("channels", "policy.error.channels");
            } else if (kind == ListKind.OPTOUT && channels.size() != 1) {
                errors.put("channels", "policy.error.oneChannel");
            }
        }
        if (kind == ListKind.OPTOUT && form.reason() != null) {
            // an opt-out has no reason: refused rather than dropped unseen
            errors.put("reason", "policy.error.noReason");
        } else if (InputLimits.problem(form.reason(), InputLimits.REASON) != null) {
            errors.put("reason", form.reason().indexOf('\u0000') >= 0 ? "policy.error.nul" : "policy.error.reasonLength");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("addErrors", errors);
            // the number typed is kept for the OPERATOR who typed it; the reason only when it can be shown
            model.addAttribute("addForm", new AddForm(form.list(), errors.containsKey("msisdn") ? null : form.msisdn(),
                    form.channels() == null ? null : ConsoleForms.shorten(form.channels()),
                    errors.containsKey("reason") ? null : form.reason()));
            fill(model, null, null);
            return "console/policy";
        }
        actions.put(kind, form.msisdn(), channels, form.reason(),
                "console:" + who.getName());
        redirect.addFlashAttribute("done", "policy.added");
        redirect.addFlashAttribute("doneList", PolicyListActions.name(kind));
        redirect.addAttribute("msisdn", form.msisdn());
        return "redirect:" + PATH;
    }

    /** The confirmation page of a removal: the entry, and one button that removes it. */
    @GetMapping(PATH + "/remove")
    public String confirmRemove(HttpServletRequest request, Model model) {
        Removal removal = removal(request);
        List<PolicyListStore.Entry> entries = store.lookup(removal.kind(), removal.msisdn());
        if (entries.stream().noneMatch(e -> removal.channel() == null || e.channels().contains(removal.channel()))) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, Msisdn.mask(removal.msisdn()) + " is not on the "
                    + removal.list() + (removal.channel() == null ? "" : " for " + removal.channel()));
        }
        model.addAttribute("removal", removal);
        model.addAttribute("entries", entries);
        return "console/policy-remove";
    }

    @PostMapping(PATH + "/remove")
    @AuditAction("contact-policy.remove")
    public String remove(HttpServletRequest request, RedirectAttributes redirect) {
        Removal removal = removal(request);
        boolean removed = actions.remove(removal.kind(), removal.msisdn(), removal.channel());
        redirect.addFlashAttribute("done", removed ? "policy.removed" : "policy.notOnList");
        redirect.addFlashAttribute("doneList", removal.list());
        redirect.addAttribute("msisdn", removal.msisdn());
        return "redirect:" + PATH;
    }

    @PostMapping(PATH + "/import")
    @AuditAction("contact-policy.import")
    public String importFile(@RequestParam(name = "file", required = false) MultipartFile file,
                             HttpServletRequest request, HttpServletResponse response, Principal who, Model model)
            throws IOException {
        ConsoleForms.onlyParameters(request, Set.of("list", "charset"));
        Map<String, String> errors = new LinkedHashMap<>();
        ListKind kind = PolicyListActions.kind(request.getParameter("list"));
        if (kind == null) {
            errors.put("list", "policy.error.list");
        }
        String charset = request.getParameter("charset");
        if (charset == null || !CHARSETS.contains(charset)) {
            errors.put("charset", "policy.error.charset");
        }
        if (file == null || file.isEmpty()) {
            errors.put("file", "policy.error.file");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("importErrors", errors);
            fill(model, null, null);
            return "console/policy";
        }
        Charset cs = "GBK".equals(charset) ? Charset.forName("GBK") : StandardCharsets.UTF_8;
        PolicyListStore.ImportResult result;
        try (InputStreamReader in = new InputStreamReader(file.getInputStream(), cs)) {
            result = actions.importFile(kind, in, "console-file:" + who.getName());
        }
        fill(model, null, new ImportRow(PolicyListActions.name(kind), result.read(), result.accepted(),
                result.rejected().size(), result.rejected().stream().limit(REJECTS_SHOWN)
                .map(r -> new RejectRow(r.line(), r.reason(), Msisdn.maskAll(r.text().replace('\u0000', ' '))))
                .toList()));
        return "console/policy";
    }

    /** A removal as its form gives it. */
    public record Removal(String list, ListKind kind, String msisdn, String channel) {
    }

    private Removal removal(HttpServletRequest request) {
        ConsoleForms.onlyParameters(request, Set.of("list", "msisdn", "channel"));
        String list = request.getParameter("list");
        ListKind kind = PolicyListActions.kind(list);
        String msisdn = request.getParameter("msisdn");
        String channel = ConsoleForms.blankToNull(request.getParameter("channel"));
        if (kind == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "list: one of blacklist, greylist, optouts, was '"
                    + ConsoleForms.shorten(String.valueOf(list)) + "'");
        }
        if (!Msisdn.isValid(msisdn)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "msisdn: 11 digits starting with 1, was '"
                    + ConsoleForms.shorten(String.valueOf(msisdn)) + "'");
        }
        if (channel != null) {
            Set<String> ids = kind == ListKind.OPTOUT ? actions.channels(channel) : null;
            if (ids == null || ids.size() != 1) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "channel: one opt-out channel of "
                        + actions.channelIds() + ", was '" + ConsoleForms.shorten(channel) + "'");
            }
            channel = ids.iterator().next();
        }
        return new Removal(PolicyListActions.name(kind), kind, msisdn, channel);
    }

    private void fill(Model model, String msisdn, ImportRow imported) {
        model.addAttribute("counts", List.of(ListKind.values()).stream()
                .map(k -> new ListCount(PolicyListActions.name(k), k, store.count(k))).toList());
        model.addAttribute("channelIds", actions.channelIds());
        model.addAttribute("charsets", CHARSETS);
        if (!model.containsAttribute("addForm")) {
            model.addAttribute("addForm", new AddForm("blacklist", msisdn, null, null));
        }
        if (msisdn != null) {
            model.addAttribute("msisdn", msisdn);
            model.addAttribute("maskedMsisdn", Msisdn.mask(msisdn));
            model.addAttribute("entries", List.of(ListKind.values()).stream().flatMap(k -> store.lookup(k, msisdn)
                    .stream().map(e -> new EntryRow(PolicyListActions.name(k), k, e.channels(),
                            Msisdn.maskAll(e.reason()), Msisdn.maskAll(e.source())))).toList());
        }
        model.addAttribute("imported", imported);
    }
}
