package ai.galileo.tracing.core.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateHostCheckTest {
  @ParameterizedTest
  @CsvSource({
      "api.galileo.ai, api.galileo.ai, true",
      "api.galileo.ai, *.galileo.ai, true",
      "a.b.galileo.ai, *.galileo.ai, false",
      "galileo.ai, *.galileo.ai, false",
      "x.com, *.com, false",
      "api.galileo.ai, a*.galileo.ai, false",
      "api.galileo.ai, *.*.ai, false",
      "api.galileo.ai, galileo.ai, false",
      "xgalileo.ai, *.galileo.ai, false",
  })
  void namesAndWildcardsMatchAsRfc6125Says(String host, String pattern, boolean matches) {
    assertThat(CertificateHostCheck.dnsMatches(host, pattern)).isEqualTo(matches);
  }

  @Test
  void theCommonNameIsTheMostSpecificCnWithEscapesUndone() {
    assertThat(CertificateHostCheck.commonName(new X500Principal("CN=api.example.com, O=Acme\\, Inc., C=US")))
        .isEqualTo("api.example.com");
    assertThat(CertificateHostCheck.commonName(new X500Principal("O=No Name, C=US"))).isNull();
  }
}
