package fr.mecaformation.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text that must not contain markup. Refusing it at the door (rather than escaping it later) keeps stored text
 * safe for every client that renders it, including ones we don't write.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlainTextValidator.class)
public @interface PlainText {

    String message() default "ne doit pas contenir de balises HTML";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
