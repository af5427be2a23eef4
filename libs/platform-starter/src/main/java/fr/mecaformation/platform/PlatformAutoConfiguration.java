package fr.mecaformation.platform;

import fr.mecaformation.platform.defaults.CorrelationIdWebFilter;
import fr.mecaformation.platform.inbox.DeadLetters;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.Inbox;
import fr.mecaformation.platform.inbox.InboxProperties;
import fr.mecaformation.platform.inbox.PoisonEventException;
import fr.mecaformation.platform.migration.PlatformMigrations;
import fr.mecaformation.platform.outbox.OutboxProperties;
import fr.mecaformation.platform.outbox.OutboxCommits;
import fr.mecaformation.platform.outbox.OutboxRelay;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.platform.outbox.RetentionPurge;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Outbox, inbox, CloudEvents on Kafka, platform migrations and the correlation id, for every domain service. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
@EnableConfigurationProperties({OutboxProperties.class, InboxProperties.class})
public class PlatformAutoConfiguration {

    private static final org.slf4j.Logger RETRIES = org.slf4j.LoggerFactory.getLogger("fr.mecaformation.platform.inbox.Retries");

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The name of the listener container factory that reads CloudEvents with inbox, retries and dead letters. */
    public static final String CLOUD_EVENT_LISTENER_FACTORY = "cloudEventListenerFactory";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
        return DatabaseClient.create(connectionFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveTransactionManager reactiveTransactionManager(ConnectionFactory connectionFactory) {
        return new R2dbcTransactionManager(connectionFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    /**
     * Platform tables (outbox, inbox) live in schema "platform" with their own Flyway history, migrated before
     * the service's own schema, so library and service versions never collide. Migrations landed out of order before
     * the versioning policy are listed per service in {@code meca.flyway.late-versions} (see PlatformMigrations).
     */
    @Bean
    FlywayMigrationStrategy platformThenServiceMigrations(
            @Value("${meca.flyway.late-versions:}") List<String> lateVersions) {
        return serviceFlyway -> PlatformMigrations.migrate(serviceFlyway, lateVersions);
    }

    @Bean
    CorrelationIdWebFilter correlationIdWebFilter() {
        return new CorrelationIdWebFilter();
    }

    @Bean
    OutboxCommits outboxCommits() {
        return new OutboxCommits();
    }

    @Bean
    OutboxWriter outboxWriter(DatabaseClient db, Clock clock, ObjectProvider<Tracer> tracer, MeterRegistry meters,
                              OutboxCommits commits) {
        return new OutboxWriter(db, clock, Optional.ofNullable(tracer.getIfAvailable()), meters, commits);
    }

    /**
     * The relay's producer. Its timeouts are the relay's send timeout: while Kafka is away a send fails in that time
     * (and the row is retried later) instead of blocking a thread for the client's defaults (60 s in
     * {@code send()}, two minutes before a delivery fails).
     */
    @Bean
    KafkaTemplate<String, CloudEvent> cloudEventKafkaTemplate(KafkaProperties kafka, OutboxProperties outbox, MeterRegistry meters) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        long sendTimeout = outbox.sendTimeout().toMillis();
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout);
        // delivery.timeout.ms must be at least linger.ms + request.timeout.ms
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(sendTimeout / 2, 1000));
        DefaultKafkaProducerFactory<String, CloudEvent> factory = new DefaultKafkaProducerFactory<>(config);
        factory.addListener(new MicrometerProducerListener<>(meters));
        return new KafkaTemplate<>(factory);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "meca.outbox.relay-enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator transactional,
                            KafkaTemplate<String, CloudEvent> cloudEventKafkaTemplate, OutboxProperties properties,
                            @Value("${spring.application.name}") String serviceName, MeterRegistry meters,
                            OutboxCommits commits) {
        return new OutboxRelay(db, transactional, cloudEventKafkaTemplate, properties, serviceName, meters, commits);
    }

    @Bean
    RetentionPurge retentionPurge(DatabaseClient db, OutboxProperties outbox, InboxProperties inbox, MeterRegistry meters) {
        return new RetentionPurge(db, outbox.retention(), inbox.retention(), outbox.purgeInterval(), outbox.purgeBatchSize(), meters);
    }

    @Bean
    Inbox inbox(DatabaseClient db, TransactionalOperator transactional, MeterRegistry meters) {
        return new Inbox(db, transactional, meters);
    }

    @Bean
    EventDispatcher eventDispatcher(Inbox inbox, InboxProperties properties, MeterRegistry meters) {
        return new EventDispatcher(inbox, properties.effectTimeout(), meters);
    }

    /**
     * Listeners on this factory commit a record's offset only after the listener returned, i.e. after the inbox
     * transaction committed. A failing record is retried with exponential backoff ({@code meca.inbox.retry-*}) for
     * at least a minute, so a database blip or failover parks nothing, then parked on {@code <topic>.dlt} with its
     * headers and the failure; a poison record (not a CloudEvent, a body that breaks its schema or does not read, a
     * deserialisation error) goes there at once. Between two retries the error handler re-seeks the partition and
     * waits at most {@code retry-max-interval} before the next poll, well inside {@code max.poll.interval.ms}.
     */
    @Bean(CLOUD_EVENT_LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> cloudEventListenerFactory(
            KafkaProperties kafka, MeterRegistry meters, InboxProperties inbox) {
        Map<String, Object> consumerConfig = kafka.buildConsumerProperties();
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);

        Map<String, Object> producerConfig = kafka.buildProducerProperties();
        // the dead letter is the record as the listener received it: String key, raw bytes value, original headers
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        DefaultKafkaProducerFactory<Object, Object> deadLetterProducers = new DefaultKafkaProducerFactory<>(producerConfig);
        deadLetterProducers.addListener(new MicrometerProducerListener<>(meters));
        KafkaTemplate<Object, Object> deadLetterTemplate = new KafkaTemplate<>(deadLetterProducers);
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, failure) -> new TopicPartition(DeadLetters.topicFor(record.topic()), -1));
        // counted by the topic the record came from, so the dead-letter alert names what is piling up
        ConsumerRecordRecoverer recoverer = (record, failure) -> {
            deadLetters.accept(record, failure);
            DeadLetters.counter(meters, record.topic()).increment();
        };

        ExponentialBackOff backOff = new ExponentialBackOff(inbox.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(inbox.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(inbox.retryFor().toMillis());
        // DeserializationException, conversion errors and ClassCastException are already not retried by default
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff);
        errorHandler.addNotRetryableExceptions(PoisonEventException.class);
        errorHandler.setCommitRecovered(true);
        // each failed attempt says why, at WARN: the container's own line ("Record in retry and not yet recovered", INFO)
        // names no cause, and a record stuck in retry (a remote call failing behind an effect) was invisible in the logs
        errorHandler.setRetryListeners((record, failure, attempt) -> RETRIES.warn(
                "{}-{}@{} (key {}) failed on attempt {}, retried with backoff: {}", record.topic(), record.partition(),
                record.offset(), record.key(), attempt, rootCause(failure).toString()));

        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(consumerConfig);
        consumers.addListener(new MicrometerConsumerListener<>(meters));
        factory.setConsumerFactory(consumers);
        factory.setCommonErrorHandler(errorHandler);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        factory.getContainerProperties().setObservationEnabled(true);
        // every consumed topic's dead-letter counter exists from the start at 0: "none yet" is a value a dashboard
        // and an alert can read, not a missing series
        factory.setContainerCustomizer(container -> {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics != null) {
                for (String topic : topics) {
                    DeadLetters.counter(meters, topic);
                }
            }
        });
        return factory;
    }
}
