import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/paths';

/** What models/manifest.json pins about a model. */
export interface ModelSpec {
  revision: string;
  dimension: number;
  /** The sequence length the model was trained on: longer input is truncated to it. */
  maxTokens: number;
  /** For models trained with instructions (e5): prepended to queries and to passages. */
  prefixes?: { query: string; passage: string };
  languages?: string;
  licence?: string;
  /** Path inside the model folder → SHA-256 (null: pinned on first verified fetch). */
  files: Record<string, string | null>;
}

export interface ModelManifest {
  default: string;
  models: Record<string, ModelSpec>;
}

export const MANIFEST_PATH = join(projectRoot(), 'models', 'manifest.json');

export function readModelManifest(path = MANIFEST_PATH): ModelManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as ModelManifest;
}

/**
 * The id stored with every vector: model and revision, so vectors of another model or of another
 * revision of the same model are never mixed with these.
 */
export function versionedModelId(model: string, spec: ModelSpec | undefined): string {
  return spec ? `${model}@${spec.revision}` : model;
}
