package com.carrier.hub.runtime.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.support.PatternHelper;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

class RouteTracingTest {

    @Test
    void theTracePatternMatchesTheRouteIdOnly() {
        for (String id : new String[] {"boss-customer-delta-to-customer-index", "a.b", "feed*", "x(1)|y"}) {
            String pattern = RouteTracing.tracePattern(id);
            assertThat(PatternHelper.matchPattern(id, pattern)).as(id).isTrue();
        }
        assertThat(PatternHelper.matchPattern("aXb", RouteTracing.tracePattern("a.b"))).isFalse();
        assertThat(PatternHelper.matchPattern("feed-2", RouteTracing.tracePattern("feed*"))).isFalse();
        assertThat(PatternHelper.matchPattern("y", RouteTracing.tracePattern("x(1)|y"))).isFalse();
        assertThat(PatternHelper.matchPattern("boss-customer-delta-to-customer-index-2",
                RouteTracing.tracePattern("boss-customer-delta-to-customer-index"))).isFalse();
        assertThatThrownBy(() -> RouteTracing.tracePattern("a,b")).isInstanceOf(ResponseStatusException.class)
                .hasMessageContaining("a,b");
    }
}
