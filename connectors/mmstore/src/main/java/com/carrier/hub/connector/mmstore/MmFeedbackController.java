package com.carrier.hub.connector.mmstore;

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
 * {@code POST /feedback/mm}: MM's signed download and install callbacks (PEERS §4.3). The body is read here from the
 * raw request, not bound by Spring, so the signature is checked over the exact bytes and the size limit holds.
 */
@RestController
public class MmFeedbackController {

    private final SignedFeedback feedback;

    public MmFeedbackController(MmStoreProperties properties, ObjectProvider<ResponseEventSink> sink,
                                MeterRegistry meters) {
        this.feedback = new SignedFeedback("mmstore", properties.getCallbackSecret(),
                properties.getCallbackMaxBody().toBytes(), new MmEventParser(), sink, meters);
    }

    @PostMapping("/feedback/mm")
    public ResponseEntity<Map<String, Object>> events(HttpServletRequest request) throws IOException {
        return feedback.receive(request);
    }
}
