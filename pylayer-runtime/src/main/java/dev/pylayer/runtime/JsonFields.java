package dev.pylayer.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Lenient typed reads from parsed JSON objects: a missing or mistyped member reads as absent. */
final class JsonFields {
  private JsonFields() {}

  static String string(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value instanceof String ? (String) value : null;
  }

  static Integer integer(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value instanceof Number ? ((Number) value).intValue() : null;
  }

  static long longValue(Map<?, ?> map, String key, long absent) {
    Object value = map.get(key);
    return value instanceof Number ? ((Number) value).longValue() : absent;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value instanceof Map ? (Map<String, Object>) value : null;
  }

  static List<?> array(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value instanceof List ? (List<?>) value : List.of();
  }

  /** Maps every object element of {@code map[key]} with {@code mapper}; other elements are skipped. */
  @SuppressWarnings("unchecked")
  static <T> List<T> objects(Map<?, ?> map, String key, Function<Map<String, Object>, T> mapper) {
    List<?> raw = array(map, key);
    if (raw.isEmpty()) {
      return List.of();
    }
    List<T> out = new ArrayList<>(raw.size());
    for (Object element : raw) {
      if (element instanceof Map) {
        out.add(mapper.apply((Map<String, Object>) element));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** An unmodifiable, insertion-ordered copy that keeps null values (unlike {@link Map#copyOf}). */
  static <V> Map<String, V> copy(Map<String, ? extends V> map) {
    return map == null || map.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static <T> List<T> copy(List<? extends T> list) {
    return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
