import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FetchRefused, fetchModel } from '../../src/embeddings/models-fetch.cli';
import { MANIFEST_PATH } from '../../src/embeddings/model-manifest';
import { FIXTURE_MODEL, MODEL_DIR } from '../support/model';

describe('npm run models:fetch (copy mode, from the offline fixture)', () => {
  let work: string;
  let manifest: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'pec-fetch-'));
    manifest = join(work, 'manifest.json');
    cpSync(MANIFEST_PATH, manifest);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('copies and verifies every pinned file, and skips verified ones next time', async () => {
    const to = join(work, 'models');
    const first = await fetchModel({
      model: FIXTURE_MODEL,
      from: MODEL_DIR,
      to,
      pin: false,
      manifest,
    });
    expect(first.map((r) => r.outcome)).toEqual([
      'fetched',
      'fetched',
      'fetched',
      'fetched',
      'fetched',
    ]);
    expect(existsSync(join(to, FIXTURE_MODEL, 'onnx', 'model_quantized.onnx'))).toBe(true);
    const second = await fetchModel({
      model: FIXTURE_MODEL,
      from: MODEL_DIR,
      to,
      pin: false,
      manifest,
    });
    expect(second.every((r) => r.outcome === 'present')).toBe(true);
  });

  it('refuses a file whose hash does not match, and leaves nothing behind', async () => {
    const source = join(work, 'source');
    cpSync(join(MODEL_DIR, FIXTURE_MODEL), join(source, FIXTURE_MODEL), { recursive: true });
    writeFileSync(join(source, FIXTURE_MODEL, 'config.json'), '{"tampered": true}');
    const to = join(work, 'models');
    const error = await fetchModel({
      model: FIXTURE_MODEL,
      from: source,
      to,
      pin: false,
      manifest,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchRefused);
    expect((error as Error).message).toMatch(/config\.json: SHA-256 .* does not match the pinned/);
    expect(existsSync(join(to, FIXTURE_MODEL, 'config.json'))).toBe(false);
    expect(existsSync(join(to, FIXTURE_MODEL, 'config.json.partial'))).toBe(false);
  });

  it('refuses an unpinned file unless --pin, which records its hash in the manifest', async () => {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    m.models[FIXTURE_MODEL].files['config.json'] = null;
    writeFileSync(manifest, JSON.stringify(m));
    const to = join(work, 'models');
    await expect(
      fetchModel({ model: FIXTURE_MODEL, from: MODEL_DIR, to, pin: false, manifest }),
    ).rejects.toThrow(/no pinned SHA-256/);
    const pinned = await fetchModel({
      model: FIXTURE_MODEL,
      from: MODEL_DIR,
      to,
      pin: true,
      manifest,
    });
    expect(pinned.find((r) => r.file === 'config.json')?.outcome).toBe('pinned');
    expect(
      JSON.parse(readFileSync(manifest, 'utf8')).models[FIXTURE_MODEL].files['config.json'],
    ).toBe('d1774621862044d77fb65f3095d51b031b9484140f21c85dbd9432db793e6de8');
  });

  it('refuses a model the manifest does not know', async () => {
    await expect(
      fetchModel({ model: 'someone/unknown', from: MODEL_DIR, to: work, pin: false, manifest }),
    ).rejects.toThrow(/not in/);
  });
});
