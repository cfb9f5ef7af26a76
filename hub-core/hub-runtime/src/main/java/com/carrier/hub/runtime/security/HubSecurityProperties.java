package com.carrier.hub.runtime.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.carrier.hub.api.Secret;

/**
 * User accounts of the admin API and actuator. Set them through environment variables, never in committed files:
 * {@code HUB_SECURITY_USERS_<NAME>_PASSWORD} and {@code HUB_SECURITY_USERS_<NAME>_ROLES} (comma-separated
 * VIEWER, OPERATOR, ADMIN). A password may carry a Spring Security encoding prefix such as {@code {bcrypt}}.
 */
@ConfigurationProperties("hub.security")
public class HubSecurityProperties {

    /** Accounts by user name. No default: every profile but sandbox refuses to start without one. */
    private Map<String, User> users = new LinkedHashMap<>();

    /** Wrong-password throttling of the Basic logins, per account and per client address. */
    private Login login = new Login();

    /**
     * Browser origins ({@code https://console.example:8443}) besides the hub's own that may call the API. A request
     * with any other {@code Origin} header is refused (403), so a page on a foreign site cannot use an operator's
     * cached credentials. Empty by default: only pages served by the hub itself.
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Limits of the peers' unauthenticated callbacks under {@code /feedback/**}. */
    private Feedback feedback = new Feedback();

    public Login getLogin() {
        return login;
    }

    public void setLogin(Login login) {
        this.login = login;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public Feedback getFeedback() {
        return feedback;
    }

    public void setFeedback(Feedback feedback) {
        this.feedback = feedback;
    }

    public Map<String, User> getUsers() {
        return users;
    }

    public void setUsers(Map<String, User> users) {
        this.users = users;
    }

    /** One account. */
    public static class User {

        /** The password, plain or with an encoding prefix ({@code {bcrypt}…}). */
        @Secret
        private String password;

        /** Roles: VIEWER reads, OPERATOR also runs campaign and dead-letter actions, ADMIN also manages routes and connectors. */
        private List<Role> roles = List.of(Role.VIEWER);

        /** Accept this account only from the loopback interface (the sandbox's admin/admin, like RabbitMQ's guest). */
        private boolean localhostOnly = false;

        /**
         * The organisation unit the account belongs to ({@code hub.governance.units}): it sees the campaigns of that unit
         * and the units below it. Empty: the root unit (the province), which sees every campaign.
         */
        private String unit;

        public String getUnit() {
            return unit;
        }

        public void setUnit(String unit) {
            this.unit = unit;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<Role> getRoles() {
            return roles;
        }

        public void setRoles(List<Role> roles) {
            this.roles = roles;
        }

        public boolean isLocalhostOnly() {
            return localhostOnly;
        }

        public void setLocalhostOnly(boolean localhostOnly) {
            this.localhostOnly = localhostOnly;
        }
    }

    /** Roles, each including the ones below it. */
    public enum Role { VIEWER, OPERATOR, ADMIN }

    /**
     * Login throttling: after {@code free-failures} wrong passwords an account must wait before the next try, 1 s and
     * doubling with each further failure, and after {@code account-failures} it is locked for {@code lock-duration}. A
     * client address waits likewise after {@code account-failures} wrong passwords (for any accounts) and is locked
     * after {@code address-failures}. A lock answers 429 with Retry-After without checking the password; it ends
     * by itself, and a successful login clears the account's and the address's count.
     */
    public static class Login {

        /** Wrong passwords for one account answered without delay. */
        private int freeFailures = 3;

        /** Wrong passwords for one account, from any address, that lock the account. */
        private int accountFailures = 10;

        /** Wrong passwords from one client address, for any accounts, that lock the address. */
        private int addressFailures = 30;

        /** How long a lock lasts; also how long a count of failures is remembered after the last one. */
        private Duration lockDuration = Duration.ofMinutes(15);

        public int getFreeFailures() {
            return freeFailures;
        }

        public void setFreeFailures(int freeFailures) {
            this.freeFailures = freeFailures;
        }

        public int getAccountFailures() {
            return accountFailures;
        }

        public void setAccountFailures(int accountFailures) {
            this.accountFailures = accountFailures;
        }

        public int getAddressFailures() {
            return addressFailures;
        }

        public void setAddressFailures(int addressFailures) {
            this.addressFailures = addressFailures;
        }

        public Duration getLockDuration() {
            return lockDuration;
        }

        public void setLockDuration(Duration lockDuration) {
            this.lockDuration = lockDuration;
        }
    }

    /**
     * Limits of the peer callbacks under {@code /feedback/**}, which anyone can reach before the signature is checked:
     * a client slowly sending bodies must not hold the threads that health and the admin API answer on.
     */
    public static class Feedback {

        /** Callbacks read at once from one client address; more answer 429 with Retry-After at once. */
        private int maxPerAddress = 8;

        /** Callbacks read at once from all addresses (keep it well below server.tomcat.threads.max); more answer 429. */
        private int maxConcurrent = 32;

        /** Time to receive a callback's whole body; a slower client gets 408 and its connection is closed. */
        private Duration readTimeout = Duration.ofSeconds(30);

        public int getMaxPerAddress() {
            return maxPerAddress;
        }

        public void setMaxPerAddress(int maxPerAddress) {
            this.maxPerAddress = maxPerAddress;
        }

        public int getMaxConcurrent() {
            return maxConcurrent;
        }

        public void setMaxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }
    }
}
