package com.carrier.hub.runtime.triggers;

import java.util.Map;
import java.util.Set;

import org.springframework.context.expression.MapAccessor;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.BooleanLiteral;
import org.springframework.expression.spel.ast.FloatLiteral;
import org.springframework.expression.spel.ast.IntLiteral;
import org.springframework.expression.spel.ast.Literal;
import org.springframework.expression.spel.ast.LongLiteral;
import org.springframework.expression.spel.ast.NullLiteral;
import org.springframework.expression.spel.ast.OpAnd;
import org.springframework.expression.spel.ast.OpEQ;
import org.springframework.expression.spel.ast.OpGE;
import org.springframework.expression.spel.ast.OpGT;
import org.springframework.expression.spel.ast.OpLE;
import org.springframework.expression.spel.ast.OpLT;
import org.springframework.expression.spel.ast.OpMinus;
import org.springframework.expression.spel.ast.OpNE;
import org.springframework.expression.spel.ast.OpOr;
import org.springframework.expression.spel.ast.OperatorNot;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.RealLiteral;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * A triggered campaign's condition over an event's payload fields (PEERS §7.4), e.g.
 * {@code metric == 'DATA' && usedPercent >= 80}. Parsed by Spring's expression language, then held to a small, safe
 * subset before it is accepted: field names of the event type, text / number / boolean literals, comparisons
 * ({@code == != < <= > >=}), {@code && || !} (or {@code and or not}) and parentheses — no method, type, bean, variable,
 * index or navigation, so a condition reads the event's fields and nothing else. Each field is checked against its
 * type: an unknown field, a text field compared with a number, or a value a one-of field never takes is refused with
 * its position, since such a typo would silently narrow or widen a campaign. Evaluated with a read-only context over
 * the payload's values ({@link EventTypes#read}).
 */
public final class TriggerCondition {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    private static final EvaluationContext CONTEXT = SimpleEvaluationContext.forPropertyAccessors(new MapAccessor())
            .build();
    private static final Set<Class<?>> COMPARISONS = Set.of(OpEQ.class, OpNE.class, OpLT.class, OpLE.class, OpGT.class,
            OpGE.class);
    private static final Set<Class<?>> ORDERINGS = Set.of(OpLT.class, OpLE.class, OpGT.class, OpGE.class);
    private static final int MAX_LENGTH = 1000;

    /** A condition refused: what is wrong and where (0-based character position, -1 when it is the whole text). */
    public static final class Invalid extends Exception {
        private final int position;

        Invalid(int position, String message) {
            super(message);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    private final SpelExpression expression;

    private TriggerCondition(SpelExpression expression) {
        this.expression = expression;
    }

    /** Parses and checks a condition over the fields of an event type. */
    public static TriggerCondition compile(String text, EventTypes.EventType type) throws Invalid {
        if (text == null || text.isBlank()) {
            throw new Invalid(-1, "is required, e.g. metric == 'DATA' && usedPercent >= 80");
        }
        if (text.length() > MAX_LENGTH) {
            throw new Invalid(-1, "must be at most " + MAX_LENGTH + " characters");
        }
        SpelExpression expression;
        try {
            expression = (SpelExpression) PARSER.parseExpression(text);
        } catch (ParseException e) {
            throw new Invalid(e.getPosition(), e.getSimpleMessage());
        }
        SpelNode root = expression.getAST();
        check(root, type);
        if (!bool(root, type)) {
            throw new Invalid(root.getStartPosition(), "must be true or false (a comparison), got '" + root.toStringAST() + "'");
        }
        return new TriggerCondition(expression);
    }

    /** Whether the event's values meet the condition; a comparison with an absent optional field is false. */
    public boolean test(Map<String, Object> values) {
        try {
            return Boolean.TRUE.equals(expression.getValue(CONTEXT, values, Boolean.class));
        } catch (EvaluationException e) {
            return false;
        }
    }

    private static void check(SpelNode node, EventTypes.EventType type) throws Invalid {
        Class<?> c = node.getClass();
        if (node instanceof PropertyOrFieldReference ref) {
            if (!type.fields().containsKey(ref.getName())) {
                throw new Invalid(node.getStartPosition(), "unknown field '" + ref.getName() + "' of " + type.name()
                        + ": " + type.fields().keySet());
            }
            return;
        }
        if (node instanceof StringLiteral || node instanceof IntLiteral || node instanceof LongLiteral
                || node instanceof RealLiteral || node instanceof FloatLiteral || node instanceof BooleanLiteral
                || node instanceof NullLiteral) {
            return;
        }
        if (node instanceof OpMinus && node.getChildCount() == 1 && numberLiteral(node.getChild(0))) {
            return; // a negative number
        }
        boolean logical = c == OpAnd.class || c == OpOr.class || c == OperatorNot.class;
        if (!logical && !COMPARISONS.contains(c)) {
            throw new Invalid(node.getStartPosition(), "'" + node.toStringAST() + "' is not allowed: a condition compares"
                    + " the event's fields with values (== != < <= > >=) and combines comparisons (&& || !), nothing else");
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            check(node.getChild(i), type);
            if (logical && !bool(node.getChild(i), type)) {
                throw new Invalid(node.getChild(i).getStartPosition(), "'" + node.getChild(i).toStringAST()
                        + "' must be a comparison, e.g. usedPercent >= 80");
            }
        }
        if (COMPARISONS.contains(c)) {
            compared(node, type);
        }
    }

    /** A comparison of a field with a literal: the literal of the field's kind, and a value a one-of field takes. */
    private static void compared(SpelNode op, EventTypes.EventType type) throws Invalid {
        SpelNode left = op.getChild(0);
        SpelNode right = op.getChild(1);
        if (!(left instanceof PropertyOrFieldReference) && right instanceof PropertyOrFieldReference) {
            SpelNode t = left;
            left = right;
            right = t;
        }
        if (!(left instanceof PropertyOrFieldReference ref)) {
            if (!(right instanceof PropertyOrFieldReference)) {
                throw new Invalid(op.getStartPosition(), "'" + op.toStringAST() + "' compares no field of the event");
            }
            return;
        }
        EventTypes.Field field = type.fields().get(ref.getName());
        if (right instanceof PropertyOrFieldReference other) {
            EventTypes.Field f2 = type.fields().get(other.getName());
            if (f2.textual() != field.textual()) {
                throw new Invalid(op.getStartPosition(), "'" + op.toStringAST() + "' compares a text field with a number field");
            }
            return;
        }
        if (right instanceof NullLiteral) {
            if (ORDERINGS.contains(op.getClass())) {
                throw new Invalid(right.getStartPosition(), "null can only be compared with == or !=");
            }
            return;
        }
        boolean number = numberLiteral(right) || right instanceof OpMinus;
        if (right instanceof BooleanLiteral) {
            throw new Invalid(right.getStartPosition(), "field '" + field.name() + "' is " + field + ", not true or false");
        }
        if (field.textual() && number) {
            throw new Invalid(right.getStartPosition(), "field '" + field.name() + "' is " + field
                    + ": compare it with a text in quotes, not the number " + right.toStringAST());
        }
        if (!field.textual() && right instanceof StringLiteral) {
            throw new Invalid(right.getStartPosition(), "field '" + field.name() + "' is " + field
                    + ": compare it with a number, not the text " + right.toStringAST());
        }
        if (field.kind() == EventTypes.Kind.ONE_OF && right instanceof StringLiteral s) {
            String value = String.valueOf(((Literal) s).getLiteralValue().getValue());
            if (!field.values().contains(value)) {
                throw new Invalid(right.getStartPosition(), "field '" + field.name() + "' is never '" + value + "': one of "
                        + field.values());
            }
        }
    }

    private static boolean numberLiteral(SpelNode node) {
        return node instanceof IntLiteral || node instanceof LongLiteral || node instanceof RealLiteral
                || node instanceof FloatLiteral;
    }

    /** Whether a checked node is true or false: a comparison, a logical operator or a boolean literal. */
    private static boolean bool(SpelNode node, EventTypes.EventType type) {
        Class<?> c = node.getClass();
        return COMPARISONS.contains(c) || c == OpAnd.class || c == OpOr.class || c == OperatorNot.class
                || node instanceof BooleanLiteral;
    }
}
