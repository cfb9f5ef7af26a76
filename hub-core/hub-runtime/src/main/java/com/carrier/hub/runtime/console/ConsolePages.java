package com.carrier.hub.runtime.console;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * What every console page shows around its content (the signed-in user, what the user's roles allow, the language
 * switch), the sign-in page and the page of a refused request.
 */
@Controller
@ControllerAdvice(basePackageClasses = ConsolePages.class)
public class ConsolePages {

    /** The page a refused request (role or CSRF token) is forwarded to, with status 403. */
    static final String DENIED = "/console/denied";

    /** The signed-in user as the layout shows it; {@code canOperate} shows the OPERATOR's action buttons. */
    public record Viewer(String name, List<String> roles, boolean canOperate, boolean isAdmin) {
    }

    /** A language of the switch: its {@code ?lang=} value and whether it is the page's. */
    public record Language(String tag, String label, boolean current) {
    }

    private final RoleHierarchy roles;

    public ConsolePages(RoleHierarchy roles) {
        this.roles = roles;
    }

    @ModelAttribute("viewer")
    public Viewer viewer() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Collection<? extends GrantedAuthority> reachable = roles.getReachableGrantedAuthorities(who.getAuthorities());
        List<String> names = who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a).sorted().toList();
        return new Viewer(who.getName(), names, has(reachable, "ROLE_OPERATOR"), has(reachable, "ROLE_ADMIN"));
    }

    @ModelAttribute("languages")
    public List<Language> languages(HttpServletRequest request) {
        Locale current = RequestContextUtils.getLocale(request);
        // each language named in itself: 简体中文, English
        return Arrays.stream(ConsoleLocale.LANGUAGES).map(l -> new Language(l.toLanguageTag(),
                l.equals(Locale.SIMPLIFIED_CHINESE) ? "简体中文" : l.getDisplayName(l),
                l.getLanguage().equals(current.getLanguage()))).toList();
    }

    @ModelAttribute("path")
    public String path(HttpServletRequest request) {
        // the page's own address without its query, for the language switch's links
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @GetMapping("/login")
    public String login(@RequestParam(required = false) Long locked, HttpServletRequest request, Model model) {
        // Spring Security's own redirects: /login?error, ?logout, ?expired, and the throttle's ?locked=<seconds>
        model.addAttribute("failed", request.getParameterMap().containsKey("error"));
        model.addAttribute("loggedOut", request.getParameterMap().containsKey("logout"));
        model.addAttribute("expired", request.getParameterMap().containsKey("expired"));
        model.addAttribute("lockedSeconds", locked);
        return "console/login";
    }

    @RequestMapping(DENIED)
    public String denied(HttpServletRequest request, Model model) {
        Object cause = request.getAttribute(WebAttributes.ACCESS_DENIED_403);
        model.addAttribute("csrf", cause instanceof CsrfException);
        return "console/denied";
    }

    private static boolean has(Collection<? extends GrantedAuthority> authorities, String role) {
        return authorities.stream().anyMatch(a -> role.equals(a.getAuthority()));
    }
}
