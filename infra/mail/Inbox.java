import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * ./meca mail ADDRESS: the messages GreenMail received for one address, as a mail reader shows them (subject, date,
 * the decoded text part with its links whole). GreenMail's REST API gives the raw MIME, quoted-printable and all;
 * this reads it with jakarta.mail, which the GreenMail standalone jar carries, so it runs with nothing else:
 * java -cp infra/mail/target/greenmail-standalone.jar infra/mail/Inbox.java http://localhost:8025 ADDRESS
 */
public class Inbox {

    public static void main(String[] args) throws Exception {
        String api = args[0];
        String address = args[1];
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/api/user/"
                + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode messages = answer.statusCode() == 200 ? new ObjectMapper().readTree(answer.body()) : null;
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            System.out.println("Aucun message pour " + address + " (" + api + ").");
            return;
        }
        Session session = Session.getInstance(new Properties());
        int number = 0;
        for (JsonNode stored : messages) {
            MimeMessage message = new MimeMessage(session,
                    new ByteArrayInputStream(stored.get("mimeMessage").asText().getBytes(StandardCharsets.UTF_8)));
            System.out.printf("── %d. %s%n   De : %s   Date : %s%n%n%s%n%n", ++number, message.getSubject(),
                    String.join(", ", java.util.Arrays.stream(message.getFrom())
                            .map(from -> ((InternetAddress) from).toUnicodeString()).toList()),
                    message.getSentDate(), text(message));
        }
    }

    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            // mail travels with CRLF line ends; a terminal (and a link copied from it) wants none of the CRs
            return ((String) part.getContent()).replace("\r\n", "\n").strip();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart child = parts.getBodyPart(i);
                String text = text(child);
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }
}
