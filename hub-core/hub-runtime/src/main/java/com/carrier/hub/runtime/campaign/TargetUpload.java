package com.carrier.hub.runtime.campaign;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Iterator;
import java.util.List;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * An uploaded target list read as PEERS §2.1 rows, one at a time, the one reader of both the API's
 * {@code POST /api/campaigns/{id}/targets} and the console's upload: bytes that are not text in the declared charset
 * are refused (never turned into U+FFFD), a NUL is refused naming its line, a trailing {@code \r} is stripped.
 */
public final class TargetUpload {

    private TargetUpload() {
    }

    /** The rows of {@code in}, read lazily as the contact policy takes them; refusals are {@link InvalidRequest}s. */
    public static Iterator<TargetRow> rows(InputStream in, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Iterator<String> lines = new BufferedReader(new InputStreamReader(in, decoder)).lines().iterator();
        return new Iterator<>() {
            private long n;

            @Override
            public boolean hasNext() {
                try {
                    return lines.hasNext();
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof CharacterCodingException) {
                        throw new InvalidRequest("the upload is not " + charset.name() + " text", List.of(new FieldError(
                                "(body) line " + (n + 1), "is not valid " + charset.name() + "; declare the file's"
                                + " charset in Content-Type (text/plain;charset=GBK)")));
                    }
                    throw e;
                }
            }

            @Override
            public TargetRow next() {
                String line = lines.next();
                if (line.indexOf('\u0000') >= 0) {
                    throw new InvalidRequest("the upload has a NUL character", List.of(new FieldError(
                            "(body) line " + (n + 1), "must not contain U+0000 (NUL)")));
                }
                return TargetRow.parse(++n, line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
        };
    }
}
