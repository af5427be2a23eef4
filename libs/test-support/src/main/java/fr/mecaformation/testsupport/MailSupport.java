package fr.mecaformation.testsupport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) in the test JVM, started once; the shared Keycloak sends the realm's mail to it
 * (verification, password reset), so tests read what a person would find in their inbox.
 */
public final class MailSupport {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    private static volatile MailSupport shared;

    private final GreenMail server;
    private final int port;

    private MailSupport(GreenMail server, int port) {
        this.server = server;
        this.port = port;
    }

    public static synchronized MailSupport shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static MailSupport start() {
        try {
            int port = KeycloakSupport.freePort();
            // any sender, any recipient: each address gets its mailbox on the first message, as in the standalone inbox
            GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                    .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            return new MailSupport(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test SMTP server", e);
        }
    }

    public String smtpHost() {
        return "127.0.0.1";
    }

    public int smtpPort() {
        return port;
    }

    /** Every message received for this address so far, oldest first. */
    public List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(message -> isFor(message, address)).toList();
    }

    /**
     * Waits until at least {@code count} messages have arrived for this address and returns them, oldest first;
     * fails with what did arrive when they don't within the timeout.
     */
    public List<MimeMessage> awaitMessagesTo(String address, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<MimeMessage> received = messagesTo(address);
        while (received.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(count + " message(s) expected for " + address + " within " + timeout
                        + ", received " + received.size());
            }
            Waiting.pause(Duration.ofMillis(200));
            received = messagesTo(address);
        }
        return received;
    }

    /** The plain-text part of a message, decoded (quoted-printable, charset) by jakarta.mail, as a mail reader shows it. */
    public static String textOf(MimeMessage message) {
        try {
            return textOf((Part) message).orElseThrow(() -> new AssertionError("no text/plain part in the message"));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first link of the message's text that starts with {@code prefix}. */
    public static String linkIn(MimeMessage message, String prefix) {
        Matcher links = LINK.matcher(textOf(message));
        while (links.find()) {
            if (links.group().startsWith(prefix)) {
                return links.group();
            }
        }
        throw new AssertionError("no link starting with " + prefix + " in:\n" + textOf(message));
    }

    public static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> textOf(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return Optional.of((String) part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart child = parts.getBodyPart(i);
                Optional<String> text = textOf(child);
                if (text.isPresent()) {
                    return text;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isFor(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients).anyMatch(recipient ->
                    recipient instanceof InternetAddress internet && internet.getAddress().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
