package com.carrier.hub.api;

import java.util.List;

/**
 * A connector joins the hub to one kind of peer system (BOSS, the warehouse, an SMSC, ...).
 *
 * <p>A connector describes itself: a kebab-case {@link #id()} used everywhere (configuration prefix
 * {@code hub.connectors.<id>}, health component {@code <id>}, Kamelet names {@code <id>-<thing>-source|sink|action}),
 * a one-line {@link #description()}, its bound and validated configuration, a health {@link #probe()} that
 * really talks to the peer, and the Kamelets or endpoints routes use by name.
 *
 * <p>Connectors are discovered through Spring Boot auto-configuration: a connector module registers one
 * {@code @AutoConfiguration} in {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}
 * that declares a bean of this type. A jar dropped into the hub's {@code plugins/} folder is discovered the same way.
 */
public interface Connector {

    /** Kebab-case id, for example {@code sms} or {@code boss}. */
    String id();

    /** One sentence saying which peer this connector talks to and what it moves. */
    String description();

    /**
     * The connector's bound configuration: an {@code @ConfigurationProperties} object bound from
     * {@code hub.connectors.<id>.*}. Fields annotated {@link Secret} are masked wherever the hub shows or logs it.
     */
    Object properties();

    /**
     * Checks that the peer answers. Implementations really connect (open a session, call an endpoint) and may block;
     * the hub runs the probe under a timeout and turns any exception into {@link ConnectorHealth#down(String)} with
     * the exception's message, so a probe may simply throw with a message that says what failed and where.
     */
    ConnectorHealth probe() throws Exception;

    /** Names of the Kamelets (for example {@code kafka-hub-source}) or endpoint URIs that routes use. */
    List<String> endpoints();

    /**
     * Checks relations between fields that bean validation on the properties cannot express. Each problem is
     * reported against the property name it concerns; nothing is thrown. The default finds nothing.
     *
     * @param candidate a properties object of the same type as {@link #properties()}, bound from a candidate config
     */
    default List<FieldError> validate(Object candidate) {
        return List.of();
    }
}
