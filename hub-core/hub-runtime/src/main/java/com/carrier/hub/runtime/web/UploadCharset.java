package com.carrier.hub.runtime.web;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The charset of an uploaded text file, from its Content-Type ({@code text/plain;charset=GBK}); UTF-8 when none. */
public final class UploadCharset {

    private UploadCharset() {
    }

    /**
     * The declared charset, read from the Content-Type header (not {@code request.getCharacterEncoding()}: Boot's
     * encoding filter forces that to UTF-8); a charset this JVM does not know is a 415 naming it.
     */
    public static Charset of(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return StandardCharsets.UTF_8;
        }
        for (String parameter : type.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("charset")) {
                String name = parameter.substring(eq + 1).strip().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "charset '"
                            + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
                            + "' of the upload is not one the hub knows; use UTF-8 or GBK (text/plain;charset=GBK)");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * The answer to an upload that is not text/plain: 415 naming the charset when the JVM does not know it, else
     * naming the content type that came, for an upload described as {@code what} ("a target list upload").
     */
    public static ResponseStatusException otherType(HttpServletRequest request, String what) {
        of(request);
        return new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, what + " is text/plain (charset UTF-8 by"
                + " default, or e.g. text/plain;charset=GBK), not " + (request.getContentType() == null
                ? "a body without Content-Type" : request.getContentType()));
    }
}
