package com.carrier.hub.runtime.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** No error body shows SQL, a driver message or a stack trace, whatever a controller throws. */
class ApiErrorsTest {

    @RestController
    static class Failing {
        @GetMapping("/sql")
        String sql() {
            throw new BadSqlGrammarException("list", "SELECT secret FROM campaign WHERE id = 'x'",
                    new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00"));
        }

        @GetMapping("/bug")
        String bug() {
            throw new IllegalStateException("PreparedStatementCallback; SQL [UPDATE campaign SET ...]");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing()).setControllerAdvice(new ApiErrors()).build();

    @Test
    void aDatabaseFailureIs500WithoutItsSql() throws Exception {
        mvc.perform(get("/sql")).andExpect(status().isInternalServerError())
                .andExpect(content().string(Matchers.containsString("database error")))
                .andExpect(content().string(Matchers.not(Matchers.anyOf(Matchers.containsStringIgnoringCase("select"),
                        Matchers.containsString("0x00"), Matchers.containsString("ERROR:")))));
    }

    @Test
    void anyOtherFailureIs500WithoutItsMessage() throws Exception {
        mvc.perform(get("/bug")).andExpect(status().isInternalServerError())
                .andExpect(content().string(Matchers.not(Matchers.anyOf(Matchers.containsString("SQL"),
                        Matchers.containsString("UPDATE"), Matchers.containsString("at com.")))));
    }
}
