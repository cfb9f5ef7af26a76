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
 * The rows of an uploaded target list (PEERS §2.1: {@code msisdn|segment|score|attr1|attr2|attr3}), read as they are
 * consumed: bytes that are not text in the declared charset, or a NUL, refuse the upload naming the line (never turned
 * into U+FFFD or passed on).
 */
final class TargetUpload {

    private TargetUpload() {
    }

    static Iterator<TargetRow> rows(InputStream body, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Iterator<String> lines = new BufferedReader(new InputStreamReader(body, decoder)).lines().iterator();
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
