package ai.galileo.tracing.core.internal.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A set of ids that forgets the oldest beyond a size, so exporter state stays bounded. */
final class RecentIds {
  private final Map<UUID, Boolean> ids;

  RecentIds(int max) {
    this.ids = new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
        return size() > max;
      }
    };
  }

  void add(UUID id) {
    ids.put(id, Boolean.TRUE);
  }

  boolean contains(UUID id) {
    return id != null && ids.containsKey(id);
  }

  void remove(UUID id) {
    ids.remove(id);
  }
}
