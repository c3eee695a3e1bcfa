import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClustersRepository } from '../src/clusters/clusters.repository';
import { projectRoot } from '../src/common/paths';
import { ImportService, ImportSummary } from '../src/import/import.service';

export const DEMO_DIR = join(projectRoot(), 'seeds', 'demo');

export interface SeedResult {
  file: string;
  summary: Pick<
    ImportSummary,
    'id' | 'status' | 'lines' | 'created' | 'updated' | 'unchanged' | 'rejected' | 'rejections'
  >;
}

/**
 * Loads the demo data set (seeds/demo/*.ndjson, in name order) through the bulk import, so it is
 * idempotent: a second run reports every record unchanged.
 */
export async function seedDemoData(imports: ImportService, dir = DEMO_DIR): Promise<SeedResult[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort();
  const results: SeedResult[] = [];
  for (const file of files) {
    const s = await imports.run(createReadStream(join(dir, file)), `seed:${file}`);
    results.push({
      file,
      summary: {
        id: s.id,
        status: s.status,
        lines: s.lines,
        created: s.created,
        updated: s.updated,
        unchanged: s.unchanged,
        rejected: s.rejected,
        rejections: s.rejections,
      },
    });
  }
  return results;
}

/** Seeds only a store without clusters (the embedded default's first start). */
export async function seedDemoIfEmpty(
  imports: ImportService,
  clusters: ClustersRepository,
): Promise<SeedResult[] | undefined> {
  if ((await clusters.count()) > 0) return undefined;
  return seedDemoData(imports);
}
