/** BCP 47 tags in canonical case ('zh-hant' → 'zh-Hant'), de-duplicated, order kept. */
export function canonicalLanguages(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const tag of tags ?? []) {
    let canonical = tag;
    try {
      canonical = Intl.getCanonicalLocales(tag)[0] ?? tag;
    } catch {
      // pattern-validated tags that ICU does not know are kept as given
    }
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}
