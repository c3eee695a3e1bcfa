import { createHash } from 'node:crypto';
import { ClusterContent } from '../clusters/cluster';
import { ItemContent } from '../items/item';
import { MemberContent } from '../members/member';

/**
 * What text each record is embedded from, most telling first, because the model keeps only its
 * trained length (128 tokens for the default model) and truncates the rest:
 *
 *   cluster  name · technologies · region · description
 *   member   name · technologies · description
 *   item     title · description
 *
 * Sector codes and titles are not embedded: a shared broad sector title made unrelated items look
 * alike (a SiC pilot line and salmon feed are both "manufacturing"), and sector relatedness is
 * scored as its own signal. Texts are capped at 2,000 characters before tokenising (nothing past
 * that could fit in the model's window anyway). Kind and area are matched as fields, not embedded.
 */
const MAX_CHARS = 2000;

export function clusterEmbeddingText(c: ClusterContent): string {
  return compose([c.name, c.technologies.join(', '), c.region, c.description]);
}

export function memberEmbeddingText(m: MemberContent): string {
  return compose([m.name, m.technologies.join(', '), m.description]);
}

export function itemEmbeddingText(i: ItemContent): string {
  return compose([i.title, i.description]);
}

/** The hash that decides whether a record must be embedded again: model and exact text. */
export function contentHash(modelId: string, text: string): string {
  return createHash('sha256').update(modelId).update('\u0000').update(text).digest('hex');
}

function compose(parts: (string | null | undefined)[]): string {
  const text = parts
    .map((p) => p?.trim())
    .filter((p): p is string => !!p)
    .join('. ');
  return text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
}
