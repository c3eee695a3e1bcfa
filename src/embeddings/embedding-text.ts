import { createHash } from 'node:crypto';
import { ClusterContent } from '../clusters/cluster';
import { ItemContent } from '../items/item';
import { MemberContent } from '../members/member';

/**
 * What text each record is embedded from, and in which chunks. A model keeps only its trained
 * length (128 tokens for the default model) and truncates the rest, so a longer text is embedded
 * as several chunks, each under the window: the first leads with what identifies the record
 *
 *   cluster  name · technologies · region · description
 *   member   name · technologies · description
 *   item     title · description
 *
 * and every later chunk carries the name or title again, then the next part of the description.
 * Matching takes the best pair of chunks. Sector codes and titles are not embedded: a shared broad
 * sector title made unrelated items look alike, and sector relatedness is its own signal.
 */
export interface EmbeddingText {
  /** The whole text, hashed to decide whether to embed again. */
  text: string;
  chunks: string[];
}

/** At most this many chunks per record (20,000 characters of description fit well inside). */
export const MAX_CHUNKS = 48;
/** Scripts written without spaces: each character counts as a token. */
const UNIT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;

export function clusterEmbeddingText(c: ClusterContent, maxTokens: number): EmbeddingText {
  return chunked(
    join([c.name, c.technologies.join(', '), c.region]),
    c.name,
    c.description,
    maxTokens,
  );
}

export function memberEmbeddingText(m: MemberContent, maxTokens: number): EmbeddingText {
  return chunked(join([m.name, m.technologies.join(', ')]), m.name, m.description, maxTokens);
}

export function itemEmbeddingText(i: ItemContent, maxTokens: number): EmbeddingText {
  return chunked(i.title, i.title, i.description, maxTokens);
}

/** The hash that decides whether a record must be embedded again: model, window and exact text. */
export function contentHash(modelId: string, text: EmbeddingText): string {
  return createHash('sha256')
    .update(modelId)
    .update('\u0000')
    .update(text.chunks.join('\u0001'))
    .digest('hex');
}

/**
 * Splits `body` into windows under the model's length. A word-piece model splits a word into
 * 1.2–1.3 tokens on average, so a window holds 80% of maxTokens words (characters, for scripts
 * without spaces); the head is counted in the first window, the short label in the others.
 */
export function chunked(
  head: string,
  label: string,
  body: string,
  maxTokens: number,
): EmbeddingText {
  const budget = Math.max(16, Math.floor(maxTokens * 0.8));
  const units = body.trim().match(UNIT) ?? [];
  const headUnits = (head.match(UNIT) ?? []).length;
  const labelUnits = (label.match(UNIT) ?? []).length;
  const chunks: string[] = [];
  let at = 0;
  do {
    const lead = chunks.length ? label : head;
    const room = Math.max(8, budget - (chunks.length ? labelUnits : headUnits));
    const part = units.slice(at, at + room);
    at += room;
    chunks.push(join([lead, spaced(part)]));
  } while (at < units.length && chunks.length < MAX_CHUNKS);
  return { text: join([head, body]), chunks };
}

/** Rejoins units: words with spaces, characters of scripts without spaces as they were. */
function spaced(units: string[]): string {
  let out = '';
  let previousGlued = false;
  for (const u of units) {
    const glued = u.length === 1 && noSpaceScript(u.codePointAt(0)!);
    out += out && !(glued && previousGlued) ? ` ${u}` : u;
    previousGlued = glued;
  }
  return out;
}

/** Han, kana (and their punctuation and full-width forms), Thai, Lao, Myanmar, Khmer; not Hangul. */
function noSpaceScript(cp: number): boolean {
  if ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x3130 && cp <= 0x318f)) return false;
  return (
    cp >= 0x2e80 ||
    (cp >= 0x0e00 && cp <= 0x0eff) ||
    (cp >= 0x1000 && cp <= 0x109f) ||
    (cp >= 0x1780 && cp <= 0x17ff)
  );
}

function join(parts: (string | null | undefined)[]): string {
  return parts
    .map((p) => p?.trim())
    .filter((p): p is string => !!p)
    .join('. ');
}
