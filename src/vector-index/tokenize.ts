/**
 * Tokens for the keyword channel: Unicode letters and digits, lower-cased (NFKC); scripts written
 * without spaces (Han, Hiragana, Katakana, Hangul syllables kept whole, Thai) become character
 * bigrams so that '半導体' and 'パワー半導体' share tokens. A short English stop list is dropped.
 */
const STOP = new Set(
  'a an and are as at be by for from has have in into is it its of on or our that the their this to we with will you your us per via'.split(
    ' ',
  ),
);
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

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
    .match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (NO_SPACE_SCRIPT.test(run)) {
      const chars = [...run];
      if (chars.length === 1) tokens.push(run);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else if (run.length > 1 && !stop.has(run)) {
      tokens.push(options.foldPlurals ? foldPlural(run) : run);
    }
  }
  return tokens;
}
