-- The first rejected rows of each batch file (hub.files.rejects-kept, default 100), kept with the file's record for
-- the console's Files page: line number, reason code and the line as read, every mobile number masked, at most 500
-- characters. The whole reject file (NAME.rej) stays on the peer's server. Deleted with their file record.
CREATE TABLE file_reject (
    file_id BIGINT NOT NULL REFERENCES file_record (id) ON DELETE CASCADE,
    line_no BIGINT NOT NULL,
    reason  TEXT   NOT NULL,
    text    TEXT   NOT NULL,
    PRIMARY KEY (file_id, line_no)
);
