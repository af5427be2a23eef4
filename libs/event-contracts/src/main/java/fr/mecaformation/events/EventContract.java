package fr.mecaformation.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an event record to its wire identity. A breaking change to a record is a new record with a new
 * versioned type and schema, never an edit of this one: consumers depend on the type string, not the class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventContract {

    /** CloudEvents {@code type}, reverse-DNS and versioned, e.g. {@code fr.mecaformation.catalog.course.published.v1}. */
    String type();

    /** Kafka topic, one per aggregate: {@code <domain>.<aggregate>.v<n>}. */
    String topic();

    /** Classpath location of the JSON Schema (draft 2020-12) of the event's data. */
    String schema();
}
