package com.carrier.hub.runtime.responses;

import java.sql.SQLException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Response events that were not stored: the caller must not acknowledge its peer (deliver_sm_resp, HTTP 2xx), and the
 * peer delivers them again; nothing of them is stored. The message says why without SQL or the events' contents.
 */
public class ResponsesNotStored extends RuntimeException {

    public ResponsesNotStored(String message) {
        super(message);
    }

    public ResponsesNotStored(String message, Throwable cause) {
        super(message, cause);
    }

    /** What went wrong, for an admin and a log: the database's SQLState or the kind of failure, never the SQL. */
    static String reason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ResponsesNotStored) {
                return c.getMessage();
            }
            if (c instanceof DataAccessResourceFailureException || c instanceof CannotCreateTransactionException) {
                return "the database could not be reached";
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return "the database refused them (SQLState " + sql.getSQLState() + ")";
            }
        }
        return e == null ? "unknown failure" : e.getClass().getSimpleName();
    }
}
