package com.carrier.hub.runtime.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the audit action of a handler method when the derived name (controller and method, {@code campaigns.patch})
 * would not say what was done. The name may use the handler's path variables in braces: {@code "campaigns.{action}"}
 * records {@code POST /api/campaigns/C1/start} as {@code campaigns.start}; a variable used in the name is left out of
 * the record's target. A value that is not a short word ({@code [a-z0-9-]}, at most 32) is recorded as
 * {@code unknown}, so a caller cannot write what it likes into the action.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AuditAction {

    /** The action name, e.g. {@code contact-policy.import} or {@code campaigns.{action}}. */
    String value();
}
