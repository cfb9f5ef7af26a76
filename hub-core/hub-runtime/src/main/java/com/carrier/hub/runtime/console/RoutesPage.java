package com.carrier.hub.runtime.console;

import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.deadletter.DeadLetter;
import com.carrier.hub.runtime.deadletter.DeadLetterActions;
import com.carrier.hub.runtime.deadletter.DeadLetterReplayer;
import com.carrier.hub.runtime.deadletter.DeadLetterStore;
import com.carrier.hub.runtime.routes.RoutesController;

/**
 * Routes and dead letters ({@code /console/routes}): each route with its counters and last error, each route file with
 * its status and refusal reason, and the dead letters with body and reason — mobile numbers masked as everywhere the
 * hub shows texts that are not its own. An OPERATOR replays or deletes a dead letter after a confirmation page; the
 * outcome is shown on the list. Both actions go through {@link DeadLetterActions}, as the API's, and are audited as
 * {@code dead-letters.replay} and {@code dead-letters.delete}.
 */
@Controller
public class RoutesPage {

    /** Times as the pages show them, in the hub's zone (Asia/Shanghai). */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(HubTime.ZONE);

    /** The route page's path. */
    static final String PATH = "/console/routes";

    /** A dead letter as the page shows it: texts with every mobile number masked, a body that is not text named so. */
    public record LetterRow(long id, String routeId, String failedEndpoint, String exceptionType, String reason,
                            String body, boolean binary, int attempts, String firstFailedAt, String lastFailedAt) {
        static LetterRow of(DeadLetter l) {
            return new LetterRow(l.id(), l.routeId(), Msisdn.maskAll(l.failedEndpoint()), l.exceptionType(),
                    Msisdn.maskAll(l.reason()), Msisdn.maskAll(l.body()), "base64".equals(l.bodyEncoding()), l.attempts(),
                    TIME.format(l.firstFailedAt()), TIME.format(l.lastFailedAt()));
        }
    }

    /** A route row with its last error masked. */
    public record RouteRow(String id, String sourceFile, int version, String from, String status, long completed,
                           long failed, long deadLettered, int inflight, String lastError, String lastErrorAt) {
        static RouteRow of(RoutesController.RouteView r) {
            return new RouteRow(r.id(), r.sourceFile(), r.version(), Msisdn.maskAll(r.from()), r.status(), r.completed(),
                    r.failed(), r.deadLettered(), r.inflight(), Msisdn.maskAll(r.lastError()), r.lastErrorAt() == null ? null : TIME.format(r.lastErrorAt()));
        }
    }

    /** A route file row with its refusal reason masked. */
    public record FileRow(String file, int version, Integer currentVersion, String status, List<String> routeIds,
                          String error) {
        static FileRow of(RoutesController.FileView f) {
            return new FileRow(f.file(), f.version(), f.currentVersion(), f.status().name(), f.routeIds(),
                    Msisdn.maskAll(f.error()));
        }
    }

    /** What an action did, shown once on the list after it. */
    public record Result(String action, long id, String outcome, String reason, boolean ok) {
    }

    private final RoutesController routes;
    private final DeadLetterStore store;
    private final DeadLetterActions actions;
    private final ConsoleProperties properties;

    public RoutesPage(RoutesController routes, DeadLetterStore store, DeadLetterActions actions,
                      ConsoleProperties properties) {
        this.routes = routes;
        this.store = store;
        this.actions = actions;
        this.properties = properties;
    }

    @GetMapping(PATH)
    public String list(Model model) {
        RoutesController.RoutesView view = routes.list();
        model.addAttribute("routes", view.routes().stream().map(RouteRow::of).toList());
        model.addAttribute("files", view.files().stream().map(FileRow::of).toList());
        model.addAttribute("letters", store.page(0, properties.getDeadLettersShown()).stream().map(LetterRow::of).toList());
        model.addAttribute("lettersTotal", store.count());
        return "console/routes";
    }

    /** The confirmation page of a replay or delete: the letter, and one button that does it. */
    @GetMapping("/console/dead-letters/{id}")
    public String confirm(@PathVariable long id, @RequestParam String action, Model model) {
        if (!"replay".equals(action) && !"delete".equals(action)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "action must be replay or delete");
        }
        DeadLetter letter = store.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no dead letter " + id));
        model.addAttribute("letter", LetterRow.of(letter));
        model.addAttribute("action", action);
        return "console/confirm";
    }

    @PostMapping("/console/dead-letters/{id}/replay")
    @AuditAction("dead-letters.replay")
    public String replay(@PathVariable long id, RedirectAttributes redirect) {
        DeadLetterReplayer.Result result = actions.replay(id);
        redirect.addFlashAttribute("result", new Result("replay", id, result.outcome().name(),
                Msisdn.maskAll(result.reason()), result.outcome() == DeadLetterReplayer.Outcome.REPLAYED));
        return "redirect:" + PATH;
    }

    @PostMapping("/console/dead-letters/{id}/delete")
    @AuditAction("dead-letters.delete")
    public String delete(@PathVariable long id, RedirectAttributes redirect) {
        boolean deleted = actions.delete(id);
        redirect.addFlashAttribute("result", new Result("delete", id, deleted ? "DELETED" : "NOT_FOUND", null, deleted));
        return "redirect:" + PATH;
    }
}
