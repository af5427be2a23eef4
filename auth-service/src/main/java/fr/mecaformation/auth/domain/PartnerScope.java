package fr.mecaformation.auth.domain;

/** What a partner may do through the public API. */
public enum PartnerScope {
    /** publish internship offers to learners */
    INTERNSHIPS_WRITE,
    /** publish job offers to certified learners */
    JOBS_WRITE,
    /** check a certificate a candidate presents */
    CERTIFICATES_VERIFY
}
