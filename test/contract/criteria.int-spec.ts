import { CriteriaContent, DEFAULT_CRITERIA } from '../../src/matching/criteria';
import { describeContract } from '../support/stores';

const AT = '2026-11-27T10:00:00.000Z';
const LATER = '2026-11-28T09:30:00.000Z';
const LATEST = '2026-11-29T08:15:00.000Z';

/** The defaults with a few values changed, as an operator's draft would be. */
const tuned: CriteriaContent = {
  weights: { ...DEFAULT_CRITERIA.weights, reciprocity: 0.35, freshness: 0 },
  rules: { ...DEFAULT_CRITERIA.rules, listSize: 20, perEconomyCap: null, allowSameEconomy: true },
  note: 'More partners per list, no cap per economy',
};

describeContract('CriteriaRepository', (store) => {
  it('knows no criteria in a new store', async () => {
    expect(await store().criteria.list()).toEqual([]);
    expect(await store().criteria.findActive()).toBeUndefined();
    expect(await store().criteria.findByVersion(1)).toBeUndefined();
    expect(await store().criteria.audit(10)).toEqual([]);
  });

  it('stores drafts with consecutive versions and their content exactly, each audited', async () => {
    const first = await store().criteria.createDraft(DEFAULT_CRITERIA, 'system', AT);
    const second = await store().criteria.createDraft(tuned, 'key_ops', LATER);
    expect(first).toEqual({
      ...DEFAULT_CRITERIA,
      version: 1,
      status: 'draft',
      createdAt: AT,
      createdBy: 'system',
      activatedAt: null,
      activatedBy: null,
    });
    expect(second).toMatchObject({ version: 2, status: 'draft', createdBy: 'key_ops' });
    expect(await store().criteria.findByVersion(2)).toEqual(second);
    expect((await store().criteria.findByVersion(2))!.rules.perEconomyCap).toBeNull();
    expect(await store().criteria.list()).toEqual([first, second]);
    expect(await store().criteria.findActive()).toBeUndefined();
    expect(await store().criteria.audit(10)).toEqual([
      { version: 2, action: 'created', actor: 'key_ops', at: LATER, previousVersion: null },
      { version: 1, action: 'created', actor: 'system', at: AT, previousVersion: null },
    ]);
  });

  it('activates one version at a time, retiring the previous, and audits who did it', async () => {
    await store().criteria.createDraft(DEFAULT_CRITERIA, 'system', AT);
    await store().criteria.createDraft(tuned, 'key_ops', AT);
    expect(await store().criteria.activate(1, 'system', AT)).toEqual({ previous: null });
    expect(await store().criteria.findActive()).toMatchObject({
      version: 1,
      status: 'active',
      activatedAt: AT,
      activatedBy: 'system',
    });

    expect(await store().criteria.activate(2, 'key_ops', LATER)).toEqual({ previous: 1 });
    expect(await store().criteria.findActive()).toMatchObject({
      version: 2,
      status: 'active',
      activatedAt: LATER,
      activatedBy: 'key_ops',
    });
    expect((await store().criteria.list()).map((c) => [c.version, c.status])).toEqual([
      [1, 'retired'],
      [2, 'active'],
    ]);
    expect(await store().criteria.audit(2)).toEqual([
      { version: 2, action: 'activated', actor: 'key_ops', at: LATER, previousVersion: 1 },
      { version: 1, action: 'activated', actor: 'system', at: AT, previousVersion: null },
    ]);
  });

  it('rolls back to a retired version, leaving exactly one active', async () => {
    for (const content of [DEFAULT_CRITERIA, tuned, DEFAULT_CRITERIA])
      await store().criteria.createDraft(content, 'key_ops', AT);
    await store().criteria.activate(1, 'key_ops', AT);
    await store().criteria.activate(2, 'key_ops', LATER);
    expect(await store().criteria.activate(1, 'key_ops', LATEST)).toEqual({ previous: 2 });
    expect((await store().criteria.list()).map((c) => [c.version, c.status])).toEqual([
      [1, 'active'],
      [2, 'retired'],
      [3, 'draft'],
    ]);
    expect(await store().criteria.findActive()).toMatchObject({ version: 1, activatedAt: LATEST });
    expect((await store().criteria.audit(1))[0]).toEqual({
      version: 1,
      action: 'activated',
      actor: 'key_ops',
      at: LATEST,
      previousVersion: 2,
    });
  });

  it('treats activating the active version as a no-op, without an audit entry', async () => {
    await store().criteria.createDraft(DEFAULT_CRITERIA, 'system', AT);
    await store().criteria.activate(1, 'system', AT);
    expect(await store().criteria.activate(1, 'key_ops', LATER)).toEqual({ previous: 1 });
    expect(await store().criteria.findActive()).toMatchObject({
      version: 1,
      activatedAt: AT,
      activatedBy: 'system',
    });
    expect((await store().criteria.audit(10)).map((e) => e.action)).toEqual([
      'activated',
      'created',
    ]);
  });

  it('returns the newest audit entries first, at most `limit`', async () => {
    for (let i = 0; i < 4; i++) await store().criteria.createDraft(tuned, 'key_ops', AT);
    await store().criteria.activate(3, 'key_ops', LATER);
    const entries = await store().criteria.audit(3);
    expect(entries.map((e) => [e.version, e.action])).toEqual([
      [3, 'activated'],
      [4, 'created'],
      [3, 'created'],
    ]);
    expect(await store().criteria.audit(100)).toHaveLength(5);
  });
});
