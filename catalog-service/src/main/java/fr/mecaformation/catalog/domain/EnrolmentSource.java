package fr.mecaformation.catalog.domain;

public enum EnrolmentSource {
    FREE, ADMIN, PAYMENT
}
