package com.carrier.hub.runtime.security;

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
}
