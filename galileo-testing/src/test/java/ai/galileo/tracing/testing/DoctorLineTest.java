package ai.galileo.tracing.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.galileo.tracing.core.internal.annotation.AnnotationsIntegration;
import org.junit.jupiter.api.Test;

/**
 * DoctorLine against the one integration galileo-core always lists, {@code annotations}: on once
 * an interceptor says it is set up in the class loader, off in a fresh one.
 */
class DoctorLineTest {

  @Test
  void aSetUpInThisClassLoaderIsReportedOnButAFreshClassLoaderHasNone() {
    AnnotationsIntegration.setUp("DoctorLineTest's interceptor");

    assertThat(DoctorLine.of("annotations").assertOn("applied by", "DoctorLineTest's interceptor"))
        .startsWith("annotations ");
    DoctorLine.of("annotations").inFreshClassLoader()
        .assertOff("no interceptor set up in this process");
  }

  @Test
  void anAssertionThatDoesNotHoldFailsWithTheDoctorsLine() {
    assertThatThrownBy(() -> DoctorLine.of("annotations").inFreshClassLoader()
            .assertOn("@Traced methods"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("lacks [: on - ]")
        .hasMessageContaining(": off - @Traced methods: no interceptor");
  }

  @Test
  void aFragmentTheLineLacksIsNamedInTheFailure() {
    assertThatThrownBy(() -> DoctorLine.of("annotations").inFreshClassLoader()
            .assertOff("no interceptor", "something the doctor never says"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("lacks [something the doctor never says]");
  }

  @Test
  void anIntegrationTheDoctorDoesNotListFailsWithTheWholeReport() {
    assertThatThrownBy(() -> DoctorLine.of("no-such-integration").line())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("lists no integration named no-such-integration")
        .hasMessageContaining("Integrations installed");
  }

  @Test
  void aClassThatIsNotOnTheClassPathCannotBeLeftOut() {
    assertThatThrownBy(() -> DoctorLine.of("annotations").without("com.example.NotThere").line())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("com.example.NotThere is not on the test's class path");
  }
}
