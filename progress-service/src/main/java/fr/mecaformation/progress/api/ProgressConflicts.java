package fr.mecaformation.progress.api;

import fr.mecaformation.progress.domain.Note;
import fr.mecaformation.progress.domain.QuizAttempts;
import fr.mecaformation.web.problem.Problem;
import fr.mecaformation.web.problem.ProblemWriter;
import fr.mecaformation.web.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import java.util.Map;

/**
 * The conflicts whose answer carries more than a detail: when to try a quiz again ({@code Retry-After}), and a
 * note's current version. Still the platform's problem+json, with the same slug as every conflict.
 */
@RestControllerAdvice(basePackageClasses = ProgressConflicts.class)
public class ProgressConflicts {

    @ExceptionHandler(QuizAttempts.CoolingDown.class)
    public ResponseEntity<Map<String, Object>> coolingDown(QuizAttempts.CoolingDown e, ServerWebExchange exchange) {
        Problem problem = Problems.conflict(e.getMessage())
                .with("retryAfterSeconds", e.retryAfterSeconds())
                .with("nextAttemptAt", e.nextAttemptAt().toString());
        return ResponseEntity.status(problem.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemWriter.body(exchange, problem));
    }

    @ExceptionHandler(Note.StaleVersion.class)
    public ResponseEntity<Map<String, Object>> staleNote(Note.StaleVersion e, ServerWebExchange exchange) {
        Problem problem = Problems.conflict(e.getMessage()).with("currentVersion", e.currentVersion());
        return ResponseEntity.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemWriter.body(exchange, problem));
    }
}
