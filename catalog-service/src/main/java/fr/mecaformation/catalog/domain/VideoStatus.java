package fr.mecaformation.catalog.domain;

/** QUEUED → PROCESSING → READY, or back to QUEUED for a retry, or FAILED once the attempts are spent. */
public enum VideoStatus {
    QUEUED, PROCESSING, READY, FAILED
}
