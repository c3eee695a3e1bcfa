/**
 * Tokens for the keyword channel: Unicode letters (with their combining marks) and digits,
 * lower-cased (NFKC). Scripts written without spaces are split two ways:
 * - Thai, Lao, Khmer and Myanmar into words by ICU's dictionary segmentation (Intl.Segmenter),
 *   dropping a short list of Thai function words. Character bigrams split Thai at its combining
 *   vowels ('พลังงาน' → 'พล', 'งงาน'), so they matched almost nothing.
 * - Han and kana into character bigrams, so that '半導体' and 'パワー半導体' share tokens whatever
 *   the dictionary thinks a word is (Hangul syllables are kept whole).
 * A short English stop list is dropped.
 */
const STOP = new Set(
  'a an and are as at be by for from has have in into is it its of on or our that the their this to we with will you your us per via'.split(
    ' ',
  ),
);
const BIGRAM_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SEGMENTED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Thai function words and the nominalising prefixes ICU splits off (การ, ความ). */
const THAI_STOP = new Set(
  'และ หรือ ของ ใน ที่ เพื่อ กับ จาก การ ความ โดย ให้ ได้ เป็น มี ซึ่ง แก่ แต่ ถึง ทั้ง'.split(' '),
);
const words = new Intl.Segmenter('th', { granularity: 'word' });

/** A longer list of English function words, for whole-profile texts (nothing domain-specific). */
const LONG_STOP = new Set([
  ...STOP,
  ...'about above after again against all also am any because been before being below between both but can could did do does doing down during each few further had having he her here hers herself him himself his how i if itself just me more most my myself no nor not now off once only other ought ours ourselves out over own same she should so some such than theirs them themselves then there these they those through too under until up very was were what when where which while who whom why would yours yourself yourselves new well within without across among upon one two three may must shall thus however therefore etc'.split(
    ' ',
  ),
]);

export interface TokenizeOptions {
  /** Drop the longer function-word list (for long texts such as whole profiles). */
  longStopList?: boolean;
  /** Fold plurals ('modules' → 'module', 'technologies' → 'technology'). */
  foldPlurals?: boolean;
}

/** 'technologies' → 'technology', 'modules' → 'module'; words in -ss, -us, -is stay. */
export function foldPlural(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stop = options.longStopList ? LONG_STOP : STOP;
  const tokens: string[] = [];
  for (const run of text
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) {
    if (SEGMENTED_SCRIPT.test(run)) {
      for (const w of words.segment(run))
        if (w.isWordLike && !THAI_STOP.has(w.segment) && !stop.has(w.segment))
          tokens.push(w.segment);
    } else if (BIGRAM_SCRIPT.test(run)) {
      const chars = [...run];
      if (chars.length === 1) tokens.push(run);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else if (run.length > 1 && !stop.has(run)) {
      tokens.push(options.foldPlurals ? foldPlural(run) : run);
    }
  }
  return tokens;
}
