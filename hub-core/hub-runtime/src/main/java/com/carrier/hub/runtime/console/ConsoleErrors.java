package com.carrier.hub.runtime.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

import com.carrier.hub.api.Msisdn;

/**
 * A console page's failure as a console page, in the page's language, instead of the API's problem JSON: a client
 * error says what was wrong with the request (a dead letter that is not there, an action that does not exist); a
 * server error says only that it failed and that the log has the details — never SQL or a stack trace.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

    private final ConsolePages pages;

    public ConsoleErrors(ConsolePages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView mismatch(MethodArgumentTypeMismatchException error, HttpServletRequest request,
                          HttpServletResponse response) {
        return page(HttpStatus.BAD_REQUEST, error.getName() + ": not a valid value", request, response);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView missing(MissingServletRequestParameterException error, HttpServletRequest request,
                         HttpServletResponse response) {
        return page(HttpStatus.BAD_REQUEST, error.getParameterName() + ": missing", request, response);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooBig(MaxUploadSizeExceededException error, HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.PAYLOAD_TOO_LARGE, "the file is larger than the console takes (spring.servlet.multipart"
                + ".max-file-size); import it through the API (POST /api/contact-policy/{list}/import)", request, response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception error, HttpServletRequest request, HttpServletResponse response) {
        if (error instanceof ErrorResponse answer && !answer.getStatusCode().is5xxServerError()) {
            // a refusal the page meant (404 no such dead letter, 400 no such action): its detail says why
            return page(HttpStatus.valueOf(answer.getStatusCode().value()), answer.getBody().getDetail(), request, response);
        }
        LOG.error("console: {} {} failed", request.getMethod(), request.getRequestURI(), error);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, null, request, response);
    }

    private ModelAndView page(HttpStatus status, String detail, HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(status.value());
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("status", status.value());
        page.addObject("detail", status.is5xxServerError() ? null : Msisdn.maskAll(detail));
        // @ModelAttribute methods do not run for an exception handler's view: the layout's parts are added here
        page.addObject("viewer", pages.viewer());
        page.addObject("languages", pages.languages(request));
        page.addObject("path", pages.path(request));
        return page;
    }
}
