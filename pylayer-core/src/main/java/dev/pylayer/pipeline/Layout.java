package dev.pylayer.pipeline;

import java.util.Locale;

/** Where a layer keeps its packages. Both import the same code. */
public enum Layout {
  /** Every package in {@code site-packages/}: fastest imports (FACTS.md), the default. */
  DIR,
  /**
   * The seed's layout: pure-Python packages in {@code site-packages.zip} (added to {@code sys.path}
   * by {@code sitecustomize.py}); packages with extension modules or that read their own files stay
   * in {@code site-packages/}.
   */
  ZIP;

  /** Parses {@code dir} or {@code zip}, naming the choices when {@code value} is neither. */
  public static Layout parse(String value) {
    for (Layout layout : values()) {
      if (layout.name().equalsIgnoreCase(value.strip())) {
        return layout;
      }
    }
    throw new IllegalArgumentException(
        "layout '" + value + "' is not known: use 'dir' (packages in site-packages/) or 'zip'"
            + " (pure packages in site-packages.zip)");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
