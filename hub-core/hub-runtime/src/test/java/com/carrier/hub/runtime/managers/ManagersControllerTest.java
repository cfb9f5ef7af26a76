package com.carrier.hub.runtime.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;

/** An assignment file over hub.managers.max-upload-size is a 413 naming the setting, read no further than the limit. */
class ManagersControllerTest {

    private final ManagerProperties properties = new ManagerProperties();
    // never reached: the file is refused before anything is stored
    private final ManagersController controller = new ManagersController(null, properties, null);

    @Test
    void aFileOverTheLimitIsRefused413NamingTheSetting() {
        properties.setMaxUploadSize(DataSize.ofBytes(20));
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/managers/assignments");
        request.setContentType("text/plain");
        request.setContent("13900000001|M1|王经理\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> controller.replace(request, () -> "operator"))
                .isInstanceOfSatisfying(ResponseStatusException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(413))
                .hasMessageContaining("hub.managers.max-upload-size (20 bytes)");
    }

    @Test
    void aFileOfUnknownLengthIsRefusedOnceItPassesTheLimit() {
        properties.setMaxUploadSize(DataSize.ofBytes(20));
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/managers/assignments") {
            @Override
            public long getContentLengthLong() {
                return -1; // chunked: no Content-Length
            }
        };
        request.setContentType("text/plain");
        request.setContent("13900000001|M1|王经理\n13900000002|M1|王经理\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> controller.replace(request, () -> "operator"))
                .isInstanceOfSatisfying(ResponseStatusException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(413));
    }
}
