import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/paths';
import { InferredSector } from './inferred-sector';
import { SectorInferrer, SectorVocabulary } from './sector-inference';

export const SECTOR_VOCABULARY_PATH = join(
  projectRoot(),
  'seeds',
  'sectors',
  'sector-vocabulary.json',
);

/**
 * ISIC classes for a record that gives no sectors, from its text (sector-inference.ts): keywords
 * against ISIC titles, NAICS descriptions and the crosswalk, one class per division, with a
 * calibrated confidence. The vocabulary is read on first use (about 0.5 s, 3 MiB). The vector
 * channel is left off: it adds under one point with the test model, and costs an embedding of
 * 419 class texts at every start (docs/decisions.md, sector inference).
 */
@Injectable()
export class SectorInference {
  private inferrer?: SectorInferrer;

  infer(text: string): InferredSector[] {
    this.inferrer ??= new SectorInferrer(
      JSON.parse(readFileSync(SECTOR_VOCABULARY_PATH, 'utf8')) as SectorVocabulary,
    );
    return this.inferrer.infer(text);
  }
}
