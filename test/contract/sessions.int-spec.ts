import { Session, SignInLink } from '../../src/auth/session';
import { newId } from '../../src/common/ids';
import { describeContract } from '../support/stores';

const AT = '2026-12-03T10:00:00.000Z';
const LATER = '2026-12-03T10:20:00.000Z';
const hash = (n: number) => n.toString(16).padStart(64, '0');
const aSession = (overrides: Partial<Session> = {}): Session => ({
  id: newId(),
  kind: 'key',
  principal: { role: 'operator', keyId: 'k1', clusterIds: [], memberId: null },
  email: null,
  choices: [],
  csrfToken: 'csrf-token-0123456789abcdef',
  createdAt: AT,
  expiresAt: '2026-12-03T22:00:00.000Z',
  revokedAt: null,
  ...overrides,
});
const aLink = (overrides: Partial<SignInLink> = {}): SignInLink => ({
  tokenHash: hash(100),
  email: 'office@a.example',
  returnTo: '/suggestions/1',
  createdAt: AT,
  expiresAt: '2026-12-03T10:15:00.000Z',
  usedAt: null,
  ...overrides,
});

describeContract('SessionsRepository', (store) => {
  it('finds a session by the hash of its token, as stored', async () => {
    const s = aSession();
    await store().sessions.create(s, hash(1));
    expect(await store().sessions.findByTokenHash(hash(1))).toEqual(s);
    expect(await store().sessions.findByTokenHash(hash(2))).toBeUndefined();
  });

  it('sets the party of a session that has none, once, and never of a revoked one', async () => {
    const choices = [
      { partyKey: 'cluster:c1', role: 'cluster_manager' as const, name: 'C1' },
      { partyKey: 'member:m1', role: 'member' as const, name: 'M1' },
    ];
    const open = aSession({ kind: 'email', principal: null, email: 'x@y.example', choices });
    await store().sessions.create(open, hash(3));
    const member = {
      role: 'member' as const,
      keyId: `session:${open.id}`,
      clusterIds: [],
      memberId: 'm1',
    };
    expect(await store().sessions.choose(open.id, member)).toBe(true);
    expect(await store().sessions.choose(open.id, { ...member, memberId: 'm2' })).toBe(false);
    expect(await store().sessions.findByTokenHash(hash(3))).toEqual({ ...open, principal: member });

    const revoked = aSession({ kind: 'email', principal: null, choices });
    await store().sessions.create(revoked, hash(4));
    expect(await store().sessions.revoke(revoked.id, AT)).toBe(true);
    expect(await store().sessions.revoke(revoked.id, AT)).toBe(false);
    expect(await store().sessions.choose(revoked.id, member)).toBe(false);
  });

  it("revokes the live sessions made from one key, not other keys' nor email sessions", async () => {
    const a = aSession();
    const b = aSession();
    const other = aSession({
      principal: { role: 'operator', keyId: 'k2', clusterIds: [], memberId: null },
    });
    const email = aSession({
      kind: 'email',
      principal: { role: 'member', keyId: 'k1', clusterIds: [], memberId: 'm1' },
    });
    for (const [i, s] of [a, b, other, email].entries())
      await store().sessions.create(s, hash(10 + i));
    expect(await store().sessions.revokeForKey('k1', LATER)).toBe(2);
    expect(await store().sessions.revokeForKey('k1', LATER)).toBe(0);
    expect((await store().sessions.findByTokenHash(hash(10)))!.revokedAt).toBe(LATER);
    expect((await store().sessions.findByTokenHash(hash(12)))!.revokedAt).toBeNull();
    expect((await store().sessions.findByTokenHash(hash(13)))!.revokedAt).toBeNull();
  });

  it('consumes a link once, and not after it expired; counts links per address since a time', async () => {
    await store().sessions.createLink(aLink());
    await store().sessions.createLink(
      aLink({ tokenHash: hash(101), createdAt: LATER, expiresAt: '2026-12-03T10:35:00.000Z' }),
    );
    await store().sessions.createLink(aLink({ tokenHash: hash(102), email: 'other@a.example' }));
    expect(await store().sessions.countLinksSince('office@a.example', AT)).toBe(2);
    expect(await store().sessions.countLinksSince('office@a.example', LATER)).toBe(1);

    const used = await store().sessions.consumeLink(hash(100), '2026-12-03T10:05:00.000Z');
    expect(used).toEqual({ ...aLink(), usedAt: '2026-12-03T10:05:00.000Z' });
    expect(
      await store().sessions.consumeLink(hash(100), '2026-12-03T10:06:00.000Z'),
    ).toBeUndefined();
    expect(
      await store().sessions.consumeLink(hash(102), '2026-12-03T10:15:00.000Z'),
    ).toBeUndefined();
    expect(await store().sessions.consumeLink(hash(999), AT)).toBeUndefined();
  });
});
