package ai.galileo.tracing.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {

  @Test
  void keepsTheOrderOfFirstPutsAndAReplacedValueKeepsItsPlace() {
    Metadata m = new Metadata(2);
    m.set("service.name", "svc");
    m.set("a", "1");
    m.set("b", "2");
    m.set("service.name", "other");
    assertThat(m).containsExactly(Map.entry("service.name", "other"), Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(m.keyAt(1)).isEqualTo("a");
    assertThat(m.valueAt(2)).isEqualTo("2");
    assertThat(m.get("b")).isEqualTo("2");
    assertThat(m.get("missing")).isNull();
    assertThat(m.containsKey("a")).isTrue();
  }

  @Test
  void equalsAnyMapWithTheSameEntries() {
    Metadata m = new Metadata(1);
    m.set("k", "v");
    m.set("k2", "v2");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("k2", "v2");
    expected.put("k", "v");
    assertThat(m).isEqualTo(expected);
    assertThat(m.hashCode()).isEqualTo(expected.hashCode());
  }

  @Test
  void manyEntriesStayOrderedAndFindable() {
    Metadata m = new Metadata(4);
    for (int i = 0; i < 1000; i++) {
      m.set("key" + i, "v" + i);
    }
    m.set("key500", "replaced");
    assertThat(m).hasSize(1000);
    assertThat(m.keyAt(999)).isEqualTo("key999");
    assertThat(m.get("key500")).isEqualTo("replaced");
    assertThat(m.keyAt(500)).isEqualTo("key500");
    Metadata copy = m.copy();
    copy.set("key1000", "new");
    assertThat(copy.get("key1000")).isEqualTo("new");
    assertThat(m.containsKey("key1000")).isFalse();
  }

  @Test
  void aCopyIsIndependentOfItsSource() {
    Metadata m = new Metadata(1);
    m.set("a", "1");
    Metadata copy = m.copy();
    m.set("a", "changed");
    m.set("b", "2");
    assertThat(copy).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void isReadOnlyThroughTheMapInterface() {
    Metadata m = new Metadata(1);
    m.set("a", "1");
    assertThatThrownBy(() -> m.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(m).containsExactly(Map.entry("a", "1"));
  }
}
