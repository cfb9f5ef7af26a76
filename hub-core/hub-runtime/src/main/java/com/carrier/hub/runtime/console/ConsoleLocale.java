package com.carrier.hub.runtime.console;

import java.time.Duration;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's languages: Simplified Chinese by default, English on request. {@code ?lang=en} or {@code ?lang=zh-CN}
 * on any console page switches, and a cookie keeps the choice; the browser's own language is not consulted, so every
 * operator starts in zh-CN. Texts are in {@code messages.properties} (zh-CN) and {@code messages_en.properties}.
 */
@Configuration
public class ConsoleLocale implements WebMvcConfigurer {

    /** The query parameter that switches the language. */
    static final String PARAMETER = "lang";
    /** The languages the console speaks, the default first. */
    static final Locale[] LANGUAGES = {Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH};

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("HUB_CONSOLE_LANG");
        resolver.setDefaultLocaleFunction(request -> Locale.SIMPLIFIED_CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            protected Locale parseLocaleValue(String value) {
                // only the languages the console speaks; anything else (?lang=fr) goes back to the default
                for (Locale known : LANGUAGES) {
                    if (known.toLanguageTag().equalsIgnoreCase(value.replace('_', '-'))
                            || known.getLanguage().equalsIgnoreCase(value)) {
                        return known;
                    }
                }
                return null;
            }
        };
        change.setParamName(PARAMETER);
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns("/", "/console/**", "/login");
    }
}
