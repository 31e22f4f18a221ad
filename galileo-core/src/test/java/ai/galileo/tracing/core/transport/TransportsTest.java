package ai.galileo.tracing.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransportsTest {

  @Test
  void transportsRegisteredThroughMetaInfServicesAreListed() {
    List<TransportProvider> installed = Transports.installed(getClass().getClassLoader());
    assertThat(installed).extracting(TransportProvider::name).contains("fake");
    TransportProvider fake = installed.stream().filter(t -> t.name().equals("fake")).findFirst().orElseThrow();
    assertThat(fake.version()).isEqualTo("9.9.9");
    assertThat(fake.client()).isTrue();
    assertThat(fake.server()).isFalse();
    assertThat(Transports.installed()).extracting(TransportProvider::name).contains("fake");
  }

  @Test
  void aClassLoaderWithoutTransportsListsNone() {
    assertThat(Transports.installed(ClassLoader.getPlatformClassLoader())).isEmpty();
  }
}
