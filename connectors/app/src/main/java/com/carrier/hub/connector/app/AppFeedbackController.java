package com.carrier.hub.connector.app;

import java.io.IOException;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.http.SignedFeedback;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /feedback/app}: the app's signed event callbacks (PEERS §10.2, answered like §3.2). The body is read
 * here from the raw request, not bound by Spring, so the signature is checked over the exact bytes and the size limit
 * holds.
 */
@RestController
public class AppFeedbackController {

    private final SignedFeedback feedback;

    public AppFeedbackController(AppProperties properties, ObjectProvider<ResponseEventSink> sink, MeterRegistry meters) {
        this.feedback = new SignedFeedback("app", properties.getCallbackSecret(),
                properties.getCallbackMaxBody().toBytes(), new AppEventParser(), sink, meters);
    }

    @PostMapping("/feedback/app")
    public ResponseEntity<Map<String, Object>> events(HttpServletRequest request) throws IOException {
        return feedback.receive(request);
    }
}
