package com.carrier.hub.runtime.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

import com.carrier.hub.api.Msisdn;

/**
 * What Spring Boot's {@code /error} page answers for a failure that no {@link ApiErrors} handler took (a filter's
 * exception, a request rejected before it reached a controller). Its message is kept for a client error, since it
 * says what was wrong with the request, but with mobile numbers masked; a server error's message (a driver's text
 * with SQL, a key's values) is replaced by a sentence pointing to the log, where the whole exception is, masked.
 */
@Component
public class HubErrorAttributes extends DefaultErrorAttributes {

    static final String SERVER_ERROR = "the hub failed to answer this request; its log has the details";

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE, RequestAttributes.SCOPE_REQUEST);
        if (status instanceof Integer code && code >= 500) {
            attributes.put("message", SERVER_ERROR);
        } else if (attributes.get("message") instanceof String message) {
            attributes.put("message", Msisdn.maskAll(message));
        }
        attributes.remove("trace");
        attributes.remove("exception");
        return attributes;
    }
}
