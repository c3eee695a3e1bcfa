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

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const run of text
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (NO_SPACE_SCRIPT.test(run)) {
      const chars = [...run];
      if (chars.length === 1) tokens.push(run);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
    } else if (run.length > 1 && !STOP.has(run)) {
      tokens.push(run);
    }
  }
  return tokens;
}
