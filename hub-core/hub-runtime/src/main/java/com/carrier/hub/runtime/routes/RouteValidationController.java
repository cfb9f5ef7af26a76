package com.carrier.hub.runtime.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.carrier.hub.runtime.web.UploadCharset;

import io.swagger.v3.oas.annotations.Operation;

/** Checks a route file's text before it is applied: every problem with its file, route, line, rule and subject. */
@RestController
public class RouteValidationController {

    /** A bare route file name: no folder, no path, lower case. */
    static final Pattern FILE_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]*\\.ya?ml$");

    /** The answer: valid when there is no problem; skipped says why the file would not load (a disabled connector). */
    public record ValidationView(String file, boolean valid, String skipped, List<RouteProblem> problems) {
    }

    private final RouteValidation validation;
    private final RoutesProperties properties;

    public RouteValidationController(RouteValidation validation, RoutesProperties properties) {
        this.validation = validation;
        this.properties = properties;
    }

    @PostMapping(path = "/api/routes/validate", consumes = {MediaType.TEXT_PLAIN_VALUE, "application/yaml",
            "application/x-yaml", "text/yaml"})
    @Operation(summary = "Validate a route file's YAML (ADMIN) without applying it: YAML and DSL schema, endpoint options,"
            + " Kamelet parameters, the allowlist, placeholders and route ids; 200 with every problem found")
    public ValidationView validate(@RequestParam String file, HttpServletRequest request) throws IOException {
        if (!FILE_NAME.matcher(file).matches()) {
            String shown = file.length() > 80 ? file.substring(0, 80) + "…" : file;
            throw new InvalidRequest("file '" + shown + "' is not a route file name", List.of(new FieldError("file",
                    "a bare file name of lower-case letters, digits, '.', '_' and '-' ending in .yaml or .yml"
                            + " (boss-order-to-orders.yaml), not '" + shown + "'")));
        }
        String yaml = body(request);
        RouteValidation.Result result = validation.validate(file, yaml);
        return new ValidationView(file, result.valid(), result.skipped(), result.problems());
    }

    /** The body as text, refused past hub.routes.max-file-size without reading further, and when not in its charset. */
    private String body(HttpServletRequest request) throws IOException {
        long max = properties.getMaxFileSize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (bytes.length > max) {
            throw tooLarge(max);
        }
        Charset charset = UploadCharset.of(request);
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequest("the route file is not " + charset.name() + " text", List.of(new FieldError("(body)",
                    "not valid " + charset.name() + "; send the file as UTF-8 (or declare its charset in Content-Type)")));
        }
    }

    private ResponseStatusException tooLarge(long max) {
        return new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "the route file is larger than "
                + properties.getMaxFileSize() + " (hub.routes.max-file-size; " + max + " bytes)");
    }
}
