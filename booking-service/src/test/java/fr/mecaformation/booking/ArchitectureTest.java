package fr.mecaformation.booking;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import fr.mecaformation.testsupport.ServiceArchitecture;

@AnalyzeClasses(packagesOf = BookingServiceApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests platform_layout = ArchTests.in(ServiceArchitecture.class);
}
