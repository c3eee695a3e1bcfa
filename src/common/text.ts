/**
 * Normalises text for the `text` list filter so both stores match the same way: Unicode NFKC,
 * lower case (full Unicode, not just ASCII), whitespace collapsed. Matching is a substring test,
 * which works for scripts without spaces (Chinese, Japanese, Thai) where word tokenizers fail.
 */
export function normalizeSearchText(
  ...parts: (string | undefined | null | readonly string[])[]
): string {
  return parts
    .flatMap((p) => (p == null ? [] : typeof p === 'string' ? [p] : p))
    .join(' \u241f ')
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Stable JSON for change detection: object keys sorted, arrays kept in order. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}
