package com.carrier.hub.runtime.connectors;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.PropertyNames;
import com.carrier.hub.api.Secret;
import com.carrier.hub.api.SecretMask;

/**
 * Validates a candidate configuration of a connector without applying it, the way Kafka Connect's validate does:
 * binds it to a fresh properties object of the connector's type, then reports every problem against the property
 * it concerns — values that do not convert, unknown properties (a misspelt name), constraint violations and the
 * connector's own cross-field checks.
 */
@Component
public class ConnectorConfigValidator {

    private final Validator validator;

    public ConnectorConfigValidator(Validator validator) {
        this.validator = validator;
    }

    /**
     * @param candidate property names relative to {@code hub.connectors.<id>} ({@code bootstrap-servers}) or full
     *                  names; values as strings, numbers, booleans or lists
     */
    public List<FieldError> validate(Connector connector, Map<String, Object> candidate) {
        String prefix = "hub.connectors." + connector.id();
        Map<String, Object> source = new LinkedHashMap<>();
        candidate.forEach((k, v) -> source.put(k.startsWith(prefix + ".") ? k : prefix + "." + k, v));

        Class<?> type = connector.properties().getClass();
        Object target = BeanUtils.instantiateClass(type);
        List<FieldError> errors = new ArrayList<>();

        BindHandler collecting = new AbstractBindHandler(
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT, new UnboundElementsSourceFilter())) {
            @Override
            public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error)
                    throws Exception {
                if (error instanceof UnboundConfigurationPropertiesException) {
                    throw error;
                }
                ConfigurationProperty property = context.getConfigurationProperty();
                String full = name.toString();
                String relative = full.length() > prefix.length() ? full.substring(prefix.length() + 1) : full;
                String shown = property == null ? null
                        : isSecret(type, relative) ? SecretMask.MASK : String.valueOf(property.getValue());
                errors.add(new FieldError(name.toString(), "cannot use value '" + shown + "': " + rootMessage(error)));
                return null;
            }
        };
        try {
            new Binder(new MapConfigurationPropertySource(source)).bind(prefix, Bindable.ofInstance(target), collecting);
        } catch (RuntimeException e) {
            UnboundConfigurationPropertiesException unbound = find(e, UnboundConfigurationPropertiesException.class);
            if (unbound == null) {
                errors.add(new FieldError(prefix, rootMessage(e)));
            } else {
                for (ConfigurationProperty p : unbound.getUnboundProperties()) {
                    errors.add(new FieldError(p.getName().toString(), "unknown property for connector " + connector.id()));
                }
            }
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(target);
        for (ConstraintViolation<Object> v : violations) {
            errors.add(new FieldError(prefix + "." + PropertyNames.kebab(v.getPropertyPath().toString()), v.getMessage()));
        }
        errors.addAll(connector.validate(target));
        return errors;
    }

    /** True when the property (relative to the connector's prefix) is a {@link Secret}. */
    public static boolean isSecret(Class<?> type, String property) {
        String camel = PropertyNames.camel(property);
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(camel)) {
                    return f.isAnnotationPresent(Secret.class);
                }
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
