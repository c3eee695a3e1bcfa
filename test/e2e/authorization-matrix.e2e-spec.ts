import { ClustersRepository } from '../../src/clusters/clusters.repository';
import { UnsubscribeLinks } from '../../src/digests/unsubscribe-links';
import { MembersRepository } from '../../src/members/members.repository';
import { dataset } from '../support/dataset';
import {
  ADMIN_TOKEN,
  TestApp,
  admin,
  bearer,
  clusterBody,
  startTestApp,
  importNdjson,
} from '../support/http';
import { settle } from '../support/settle';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, asserted field by field
type Json = any;

/**
 * Every route of the OpenAPI document × every kind of caller, with the status each must get, and
 * the fields each may see. A route missing from the table fails the suite, so a new endpoint
 * cannot ship without its authorization decided.
 *
 * Callers: an operator key; the manager of cluster A; the manager of cluster B (another economy);
 * member A (a member of cluster A); a revoked key; no key. "A's" resources belong to cluster A or
 * to member A.
 *
 * The whole matrix runs twice: with bearer keys, and with browser sessions (each key exchanged
 * for a session cookie, sent with its CSRF header; the revoked caller's session was made before
 * its key was revoked). A session must get exactly what its key gets.
 */
const CALLERS = ['anonymous', 'revoked', 'memberA', 'managerB', 'operator', 'managerA'] as const;
type Caller = (typeof CALLERS)[number];
type Expect = Record<Caller, number>;

interface Call {
  path: string;
  /** Credentials for this call instead of the caller's usual ones. */
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  ndjson?: string;
}

interface Row {
  route: string;
  expect: Expect;
  /** Builds the request for one caller; may create a fresh target (deletes, decisions). */
  call: (who: Caller) => Promise<Call> | Call;
  /** What the caller may see of a successful answer. */
  check?: (who: Caller, body: Json) => void;
}

const roleOf = (who: Caller) =>
  who === 'operator' ? 'operator' : who === 'memberA' ? 'member' : 'cluster_manager';

/** Any key: `status`; revoked or no key: 401. */
const anyKey = (status: number): Expect => ({
  anonymous: 401,
  revoked: 401,
  memberA: status,
  managerB: status,
  operator: status,
  managerA: status,
});
/** `status` for the callers named, `denied` for the other keys, 401 without a valid key. */
const only = (status: number, allowed: Caller[], denied = 403): Expect => ({
  ...anyKey(denied),
  ...Object.fromEntries(allowed.map((c) => [c, status])),
});
const operatorOnly = (status: number) => only(status, ['operator']);
const publicRoute = (status: number): Expect => ({
  anonymous: status,
  revoked: status,
  memberA: status,
  managerB: status,
  operator: status,
  managerA: status,
});

const TRANSPORTS = ['bearer', 'cookie'] as const;

describe.each(TRANSPORTS)('authorization matrix: every route × every caller [%s]', (transport) => {
  let t: TestApp;
  const keys = {} as Record<Caller, Record<string, string>>;
  /** The callers' raw API tokens (for sessions made during a row). */
  const tokens = {} as Record<Caller, string | undefined>;
  let clusterA: Json;
  let clusterB: Json;
  let memberA: Json;
  let itemA: Json;
  let importId: string;
  let suggestionA: Json;
  let introToA: Json;
  let introFromA: Json;
  const tried = new Map<string, Partial<Record<Caller, number>>>();
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${++counter}`;

  const asAdmin = async (
    method: 'post' | 'put' | 'delete',
    path: string,
    body?: object,
  ): Promise<Json> => {
    const res = await t.http[method](path).set(admin).send(body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const keyFor = async (body: object) =>
    bearer(((await asAdmin('post', '/v1/api-keys', body)) as { token: string }).token);
  /** A browser session for this API token: its cookie and CSRF header. */
  const sessionFor = async (token: string): Promise<Record<string, string>> => {
    const res = await t.http.post('/v1/auth/session').send({ apiKey: token });
    if (res.status !== 201) throw new Error(`session: ${res.status} ${res.text}`);
    const cookies = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    return { Cookie: cookies.join('; '), 'X-CSRF-Token': res.body.csrfToken as string };
  };
  /** The caller's credentials in this run's transport. */
  const credentialsOf = async (who: Caller): Promise<Record<string, string>> =>
    transport === 'cookie' && tokens[who] ? sessionFor(tokens[who]) : keys[who];
  /** `bearer` when the matrix runs with keys, `cookie` when with sessions. */
  const byTransport = (bearerExpect: Expect, cookieExpect: Expect): Expect =>
    transport === 'bearer' ? bearerExpect : cookieExpect;
  const freshCluster = (prefix: string) =>
    asAdmin('post', '/v1/clusters', clusterBody({ name: unique(prefix) }));
  const freshMember = () =>
    asAdmin('post', '/v1/members', {
      clusterId: clusterA.id,
      name: unique('member'),
      kind: 'sme',
      description: 'SiC devices',
      sectors: ['26'],
    });
  const freshItem = () =>
    asAdmin('post', '/v1/items', {
      ownerType: 'member',
      ownerId: memberA.id,
      kind: 'offer',
      area: 'trade',
      title: unique('SiC wafers'),
      description: 'Six-inch SiC wafers in volume',
      sectors: ['26'],
      validUntil: '2030-01-01',
    });
  const suggestionsOf = async (clusterId: string): Promise<Json[]> => {
    const res = await t.http.get(`/v1/clusters/${clusterId}/suggestions`).set(admin);
    if (res.status !== 200) throw new Error(`suggestions of ${clusterId}: ${res.status}`);
    return (res.body.items as Json[]).filter((s) => s.partner.type === 'cluster');
  };
  /** A pending introduction asked of cluster A by another cluster (not B), fresh each time. */
  const usedRequesters = new Set<string>();
  const freshIntroToA = async (): Promise<Json> => {
    const clusters = (await t.http.get('/v1/clusters').query({ limit: '200' }).set(admin)).body
      .items as Json[];
    for (const c of clusters) {
      if ([clusterA.economy, clusterB.economy].includes(c.economy) || usedRequesters.has(c.id))
        continue;
      const s = (await suggestionsOf(c.id)).find((x) => x.partner.id === clusterA.id);
      if (!s) continue;
      usedRequesters.add(c.id);
      const requester = await keyFor({
        role: 'cluster_manager',
        label: c.name,
        clusterIds: [c.id],
      });
      const res = await t.http
        .post('/v1/introductions')
        .set(requester)
        .send({ suggestionId: s.id, message: 'Shall we talk?' });
      if (res.status !== 201) throw new Error(`introduction: ${res.status} ${res.text}`);
      return res.body;
    }
    throw new Error('no cluster left that is suggested cluster A');
  };
  const recipientA = () => `cluster:${clusterA.id}`;
  const hasContacts = (o: Json) => o.contactEmail !== undefined;

  const ROWS: Row[] = [
    { route: 'GET /health', expect: publicRoute(200), call: () => ({ path: '/health' }) },

    // Browser sign-in: public, answering the same whoever asks; the session routes need a session.
    {
      route: 'POST /v1/auth/email-link',
      expect: publicRoute(202),
      call: () => ({ path: '/v1/auth/email-link', body: { email: 'nobody@nowhere.example' } }),
    },
    {
      route: 'GET /v1/auth/callback',
      expect: publicRoute(303),
      call: () => ({ path: '/v1/auth/callback', query: { token: 'x'.repeat(43) } }),
    },
    {
      route: 'POST /v1/auth/session',
      expect: publicRoute(201),
      call: () => ({ path: '/v1/auth/session', body: { apiKey: ADMIN_TOKEN } }),
      check: (_who, body) => expect(body.role).toBe('operator'),
    },
    {
      route: 'GET /v1/auth/session',
      expect: byTransport(anyKey(401), anyKey(200)),
      call: () => ({ path: '/v1/auth/session' }),
      check: (who, body) => expect({ who, role: body.role }).toEqual({ who, role: roleOf(who) }),
    },
    {
      route: 'POST /v1/auth/session/party',
      // A session from a key acts as the key's principal: it has no parties to choose from.
      expect: byTransport(anyKey(401), anyKey(400)),
      call: () => ({
        path: '/v1/auth/session/party',
        body: { partyKey: `cluster:${clusterA.id}` },
      }),
    },
    {
      route: 'DELETE /v1/auth/session',
      expect: byTransport(anyKey(401), anyKey(204)),
      // A session of its own: signing out must not end the caller's session for the next rows.
      call: async (who) => ({ path: '/v1/auth/session', headers: await credentialsOf(who) }),
    },
    { route: 'GET /v1/me', expect: anyKey(200), call: () => ({ path: '/v1/me' }) },

    // Economies: everyone reads, operators add guest economies.
    { route: 'GET /v1/economies', expect: anyKey(200), call: () => ({ path: '/v1/economies' }) },
    {
      route: 'GET /v1/economies/{code}',
      expect: anyKey(200),
      call: () => ({ path: '/v1/economies/KR' }),
    },
    {
      route: 'PUT /v1/economies/{code}',
      expect: operatorOnly(201),
      call: () => ({
        path: '/v1/economies/DE',
        body: { name: 'Germany', languages: ['de'], timezone: 'Europe/Berlin' },
      }),
    },
    {
      route: 'DELETE /v1/economies/{code}',
      expect: operatorOnly(204),
      call: async () => {
        await asAdmin('put', '/v1/economies/FR', {
          name: 'France',
          languages: ['fr'],
          timezone: 'Europe/Paris',
        });
        return { path: '/v1/economies/FR' };
      },
    },

    // Clusters: operators create and delete; a manager changes its own; contacts to owners only.
    {
      route: 'POST /v1/clusters',
      expect: operatorOnly(201),
      call: () => ({ path: '/v1/clusters', body: clusterBody({ name: unique('cluster') }) }),
    },
    {
      route: 'GET /v1/clusters',
      expect: anyKey(200),
      call: () => ({ path: '/v1/clusters', query: { limit: '200' } }),
      check: (who, body) => {
        const a = body.items.find((c: Json) => c.id === clusterA.id);
        const b = body.items.find((c: Json) => c.id === clusterB.id);
        expect(hasContacts(a)).toBe(who === 'operator' || who === 'managerA');
        expect(hasContacts(b)).toBe(who === 'operator' || who === 'managerB');
      },
    },
    {
      route: 'GET /v1/clusters/{id}',
      expect: anyKey(200),
      call: () => ({ path: `/v1/clusters/${clusterA.id}` }),
      check: (who, body) => {
        expect(body.name).toBe(clusterA.name);
        expect(hasContacts(body)).toBe(who === 'operator' || who === 'managerA');
      },
    },
    {
      route: 'PATCH /v1/clusters/{id}',
      expect: only(200, ['operator', 'managerA']),
      call: () => ({ path: `/v1/clusters/${clusterA.id}`, body: { memberCount: 42 } }),
    },
    {
      route: 'DELETE /v1/clusters/{id}',
      expect: operatorOnly(204),
      call: async () => {
        return { path: `/v1/clusters/${(await freshCluster('gone')).id}` };
      },
    },
    {
      route: 'GET /v1/clusters/{id}/export',
      expect: only(200, ['operator', 'managerA']),
      call: () => ({ path: `/v1/clusters/${clusterA.id}/export` }),
      check: (_who, body) => {
        expect(body.profile.contactEmail).toBe(clusterA.contactEmail);
        expect(body.members.map((m: { id: string }) => m.id)).toContain(memberA.id);
      },
    },

    // Members: managers of the cluster create and delete; the member changes itself.
    {
      route: 'POST /v1/members',
      expect: only(201, ['operator', 'managerA']),
      call: () => ({
        path: '/v1/members',
        body: {
          clusterId: clusterA.id,
          name: unique('m'),
          kind: 'university',
          description: 'Power electronics lab',
          sectors: ['26'],
        },
      }),
    },
    {
      route: 'GET /v1/members',
      expect: anyKey(200),
      call: () => ({ path: '/v1/members', query: { limit: '200' } }),
      check: (who, body) => {
        const a = body.items.find((m: Json) => m.id === memberA.id);
        expect(hasContacts(a)).toBe(who !== 'managerB');
      },
    },
    {
      route: 'GET /v1/members/{id}',
      expect: anyKey(200),
      call: () => ({ path: `/v1/members/${memberA.id}` }),
      check: (who, body) => expect(hasContacts(body)).toBe(who !== 'managerB'),
    },
    {
      route: 'PATCH /v1/members/{id}',
      expect: only(200, ['operator', 'managerA', 'memberA']),
      call: () => ({ path: `/v1/members/${memberA.id}`, body: { website: 'https://m.example' } }),
    },
    {
      route: 'DELETE /v1/members/{id}',
      expect: only(204, ['operator', 'managerA']),
      call: async () => ({ path: `/v1/members/${(await freshMember()).id}` }),
    },
    {
      route: 'GET /v1/members/{id}/export',
      expect: only(200, ['operator', 'managerA', 'memberA']),
      call: () => ({ path: `/v1/members/${memberA.id}/export` }),
    },

    // Needs and offers: whoever manages the owner.
    {
      route: 'POST /v1/items',
      expect: only(201, ['operator', 'managerA', 'memberA']),
      call: () => ({
        path: '/v1/items',
        body: {
          ownerType: 'member',
          ownerId: memberA.id,
          kind: 'need',
          area: 'joint_rd',
          title: unique('Gate driver co-design'),
          description: 'Co-design of gate drivers for SiC modules',
          sectors: ['26'],
          validUntil: '2030-01-01',
        },
      }),
    },
    { route: 'GET /v1/items', expect: anyKey(200), call: () => ({ path: '/v1/items' }) },
    {
      route: 'GET /v1/items/{id}',
      expect: anyKey(200),
      call: () => ({ path: `/v1/items/${itemA.id}` }),
    },
    {
      route: 'PATCH /v1/items/{id}',
      expect: only(200, ['operator', 'managerA', 'memberA']),
      call: () => ({ path: `/v1/items/${itemA.id}`, body: { description: 'Eight-inch too' } }),
    },
    {
      route: 'DELETE /v1/items/{id}',
      expect: only(204, ['operator', 'managerA', 'memberA']),
      call: async () => ({ path: `/v1/items/${(await freshItem()).id}` }),
    },

    // Bulk import: operators.
    {
      route: 'POST /v1/import',
      expect: operatorOnly(200),
      call: () => ({
        path: '/v1/import',
        ndjson: `${JSON.stringify({ ...clusterBody({ name: unique('imported') }), type: 'cluster', externalId: unique('imp') })}\n`,
      }),
    },
    {
      route: 'GET /v1/imports/{id}',
      expect: operatorOnly(200),
      call: () => ({ path: `/v1/imports/${importId}` }),
    },
    {
      route: 'GET /v1/imports/{id}/rejections',
      expect: operatorOnly(200),
      call: () => ({ path: `/v1/imports/${importId}/rejections` }),
    },

    // API keys: operators.
    {
      route: 'POST /v1/api-keys',
      expect: operatorOnly(201),
      call: () => ({ path: '/v1/api-keys', body: { role: 'operator', label: unique('ops') } }),
      check: (_who, body) => expect(body.token).toMatch(/^pec_/),
    },
    {
      route: 'GET /v1/api-keys',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/api-keys' }),
      check: (_who, body) => expect(JSON.stringify(body)).not.toMatch(/"(token|hash)"/),
    },
    {
      route: 'GET /v1/api-keys/{id}',
      expect: operatorOnly(200),
      call: async () => {
        const k = await asAdmin('post', '/v1/api-keys', {
          role: 'member',
          label: unique('k'),
          memberId: memberA.id,
        });
        return { path: `/v1/api-keys/${k.id}` };
      },
    },
    {
      route: 'DELETE /v1/api-keys/{id}',
      expect: operatorOnly(204),
      call: async () => {
        const k = await asAdmin('post', '/v1/api-keys', { role: 'operator', label: unique('k') });
        return { path: `/v1/api-keys/${k.id}` };
      },
    },
    {
      route: 'POST /v1/api-keys/{id}/rotate',
      expect: operatorOnly(201),
      call: async () => {
        const k = await asAdmin('post', '/v1/api-keys', { role: 'operator', label: unique('k') });
        return { path: `/v1/api-keys/${k.id}/rotate` };
      },
    },

    // Reference data and search: any key.
    { route: 'GET /v1/sectors', expect: anyKey(200), call: () => ({ path: '/v1/sectors' }) },
    {
      route: 'GET /v1/sectors/{code}',
      expect: anyKey(200),
      call: () => ({ path: '/v1/sectors/26' }),
    },
    {
      route: 'GET /v1/search',
      expect: anyKey(200),
      call: () => ({ path: '/v1/search', query: { q: 'SiC power modules' } }),
      check: (_who, body) => expect(JSON.stringify(body)).not.toMatch(/@(cluster|member)\.example/),
    },

    // Match criteria: operators only, every route.
    {
      route: 'GET /v1/match-criteria',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/match-criteria' }),
    },
    {
      route: 'GET /v1/match-criteria/active',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/match-criteria/active' }),
    },
    {
      route: 'GET /v1/match-criteria/audit',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/match-criteria/audit' }),
    },
    {
      route: 'GET /v1/match-criteria/{version}',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/match-criteria/1' }),
    },
    {
      route: 'POST /v1/match-criteria',
      expect: operatorOnly(201),
      call: () => ({ path: '/v1/match-criteria', body: { note: unique('draft') } }),
    },
    {
      route: 'POST /v1/match-criteria/{version}/activate',
      expect: operatorOnly(200),
      call: async () => {
        const draft = await asAdmin('post', '/v1/match-criteria', { note: unique('to activate') });
        return { path: `/v1/match-criteria/${draft.version}/activate` };
      },
    },
    {
      route: 'POST /v1/match-criteria/preview',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/match-criteria/preview', body: { version: 1, sampleSize: 2 } }),
    },
    {
      // An empty gold file: operators get past the guard to the validation (400), no one else does.
      route: 'POST /v1/match-criteria/fit',
      expect: operatorOnly(400),
      call: () => ({ path: '/v1/match-criteria/fit', body: { source: 'gold', gold: {} } }),
    },

    // Collaborations (who worked with whom): operators only, every route.
    {
      route: 'POST /v1/collaborations',
      expect: operatorOnly(201),
      call: () => ({
        path: '/v1/collaborations',
        body: {
          parties: [`cluster:${clusterA.id}`, `cluster:${clusterB.id}`],
          title: unique('project'),
        },
      }),
    },
    {
      route: 'GET /v1/collaborations',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/collaborations', query: { party: `cluster:${clusterA.id}` } }),
    },
    {
      route: 'GET /v1/collaborations/{id}',
      expect: operatorOnly(200),
      call: async () => {
        const c = await asAdmin('post', '/v1/collaborations', {
          parties: [`cluster:${clusterA.id}`, `member:${memberA.id}`],
          title: unique('project'),
        });
        return { path: `/v1/collaborations/${c.id}` };
      },
    },
    {
      route: 'DELETE /v1/collaborations/{id}',
      expect: operatorOnly(204),
      call: async () => {
        const c = await asAdmin('post', '/v1/collaborations', {
          parties: [`cluster:${clusterA.id}`, `cluster:${clusterB.id}`],
          title: unique('project'),
        });
        return { path: `/v1/collaborations/${c.id}` };
      },
    },

    // Suggestions, feedback and digests: the subject's managers (and the member for its own).
    {
      route: 'GET /v1/clusters/{id}/suggestions',
      expect: only(200, ['operator', 'managerA']),
      call: () => ({ path: `/v1/clusters/${clusterA.id}/suggestions` }),
      check: (_who, body) => {
        expect(body.items.length).toBeGreaterThan(0);
        expect(JSON.stringify(body)).not.toMatch(/@(cluster|member)\.example/);
      },
    },
    {
      route: 'GET /v1/members/{id}/suggestions',
      expect: only(200, ['operator', 'managerA', 'memberA']),
      call: () => ({ path: `/v1/members/${memberA.id}/suggestions` }),
    },
    {
      route: 'POST /v1/suggestions/{id}/feedback',
      expect: only(200, ['operator', 'managerA']),
      call: () => ({
        path: `/v1/suggestions/${suggestionA.id}/feedback`,
        body: { status: 'useful' },
      }),
    },
    {
      route: 'GET /v1/digest-settings/{recipient}',
      expect: only(200, ['operator', 'managerA']),
      call: () => ({ path: `/v1/digest-settings/${encodeURIComponent(recipientA())}` }),
    },
    {
      route: 'PUT /v1/digest-settings/{recipient}',
      expect: only(200, ['operator', 'managerA']),
      call: () => ({
        path: `/v1/digest-settings/${encodeURIComponent(recipientA())}`,
        body: { frequency: 'weekly' },
      }),
    },
    {
      route: 'GET /v1/digests/preview',
      expect: only(200, ['operator', 'managerA']),
      call: () => ({ path: '/v1/digests/preview', query: { recipient: recipientA() } }),
    },
    {
      route: 'GET /v1/unsubscribe',
      expect: publicRoute(200),
      call: () => unsubscribeCall(),
    },
    {
      route: 'POST /v1/unsubscribe',
      expect: publicRoute(200),
      call: () => unsubscribeCall(),
    },

    // Introductions: only the parties themselves ask and answer; others cannot see them (404).
    {
      route: 'POST /v1/introductions',
      expect: only(201, ['managerA']),
      call: () => ({
        path: '/v1/introductions',
        body: { suggestionId: suggestionA.id, message: 'We would like to meet' },
      }),
      check: (_who, body) => {
        introFromA = body;
        expect(body.contacts).toBeUndefined();
      },
    },
    {
      route: 'GET /v1/introductions',
      expect: anyKey(200),
      call: () => ({ path: '/v1/introductions' }),
      check: (who, body) => {
        const ids = (body.items as { id: string }[]).map((i) => i.id);
        expect(ids.includes(introToA.id)).toBe(who === 'operator' || who === 'managerA');
        expect(JSON.stringify(body)).not.toMatch(/@(cluster|member)\.example/);
      },
    },
    {
      route: 'GET /v1/introductions/{id}',
      expect: only(200, ['operator', 'managerA'], 404),
      call: () => ({ path: `/v1/introductions/${introToA.id}` }),
      check: (_who, body) => expect(body.contacts).toBeUndefined(),
    },
    {
      route: 'GET /v1/introductions/{id}/events',
      expect: only(200, ['operator', 'managerA'], 404),
      call: () => ({ path: `/v1/introductions/${introToA.id}/events` }),
    },
    {
      route: 'POST /v1/introductions/{id}/accept',
      expect: { ...only(200, ['managerA'], 404), operator: 403 },
      call: async () => ({
        path: `/v1/introductions/${(await pendingIntro('accept')).id}/accept`,
      }),
      check: (_who, body) => {
        expect(body.status).toBe('accepted');
        // Both consented: the accepting side now sees the requester's contact.
        expect(JSON.stringify(body.contacts)).toMatch(/@cluster\.example/);
      },
    },
    {
      route: 'POST /v1/introductions/{id}/decline',
      expect: { ...only(200, ['managerA'], 404), operator: 403 },
      call: async () => ({
        path: `/v1/introductions/${(await pendingIntro('decline')).id}/decline`,
      }),
      check: (_who, body) => {
        expect(body.status).toBe('declined');
        expect(body.contacts).toBeUndefined();
      },
    },
    {
      route: 'POST /v1/introductions/{id}/withdraw',
      expect: { ...only(200, ['managerA'], 404), operator: 403 },
      call: () => ({ path: `/v1/introductions/${introFromA.id}/withdraw`, body: {} }),
    },
    {
      route: 'GET /v1/admin/introductions/stats',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/admin/introductions/stats' }),
    },
    {
      route: 'GET /v1/admin/collaboration-map',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/admin/collaboration-map' }),
    },

    // Operations: operators.
    {
      route: 'GET /v1/admin/status',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/admin/status' }),
    },
    {
      route: 'GET /v1/admin/jobs',
      expect: operatorOnly(200),
      call: () => ({ path: '/v1/admin/jobs', query: { state: 'failed' } }),
    },
    {
      // No failed job here: an operator gets past authorization to "no such job".
      route: 'POST /v1/admin/jobs/{id}/retry',
      expect: operatorOnly(404),
      call: () => ({ path: '/v1/admin/jobs/match:nope/retry' }),
    },
    {
      route: 'GET /metrics',
      expect: operatorOnly(200),
      call: () => ({ path: '/metrics' }),
    },
    {
      route: 'POST /v1/admin/recompute',
      expect: operatorOnly(202),
      call: () => ({ path: '/v1/admin/recompute', body: {} }),
    },
  ];

  /** Decisions change the introduction: refused callers share one, the accepted caller goes last. */
  const pendingFor = new Map<string, Json>();
  const pendingIntro = async (decision: string): Promise<Json> => {
    if (!pendingFor.has(decision)) pendingFor.set(decision, await freshIntroToA());
    return pendingFor.get(decision)!;
  };
  const unsubscribeCall = (): Call => {
    const url = new URL(t.app.get(UnsubscribeLinks).unsubscribeUrl(recipientA()));
    return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
  };

  beforeAll(async () => {
    t = await startTestApp({ INTRO_DAILY_LIMIT: '1000' });
    importId = (await importNdjson(t, dataset(2, 1))).id;
    const clusters = t.app.get(ClustersRepository);
    const members = t.app.get(MembersRepository);
    clusterA = (await clusters.findByExternalId('ds-KR-0'))!;
    clusterB = (await clusters.findByExternalId('ds-JP-0'))!;
    memberA = (await members.findByExternalId('ds-KR-0-m0'))!;
    itemA = await freshItem();
    await settle(t.app);
    suggestionA = (await suggestionsOf(clusterA.id)).find((s) => s.partner.id !== clusterB.id);
    introToA = await freshIntroToA();

    const tokenFor = async (body: object) =>
      ((await asAdmin('post', '/v1/api-keys', body)) as { token: string }).token;
    tokens.operator = await tokenFor({ role: 'operator', label: 'ops desk' });
    tokens.managerA = await tokenFor({
      role: 'cluster_manager',
      label: 'A',
      clusterIds: [clusterA.id],
    });
    tokens.managerB = await tokenFor({
      role: 'cluster_manager',
      label: 'B',
      clusterIds: [clusterB.id],
    });
    tokens.memberA = await tokenFor({ role: 'member', label: 'mA', memberId: memberA.id });
    const revoked = await asAdmin('post', '/v1/api-keys', {
      role: 'cluster_manager',
      label: 'former A office',
      clusterIds: [clusterA.id],
    });
    tokens.revoked = revoked.token as string;
    for (const who of CALLERS)
      keys[who] = tokens[who]
        ? transport === 'cookie'
          ? await sessionFor(tokens[who])
          : bearer(tokens[who])
        : {};
    await asAdmin('delete', `/v1/api-keys/${revoked.id}`);
    // The revoked key's session was made before the revocation: it must end with the key.
    tokens.revoked = undefined;
  }, 120000);
  afterAll(() => t.close());

  it('has a row for every route the OpenAPI document lists, and no other', async () => {
    const doc = (await t.http.get('/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(ROWS.map((r) => r.route).sort()).toEqual(documented);
  });

  /**
   * An introduction asked by a fresh member of cluster B, after which an import moves that member
   * (same externalId) to cluster A: the introduction follows it, so A's manager now answers for it
   * and B's manager no longer sees it. Built once, on first use.
   */
  let movedIntroId = '';
  let moved: Promise<Json> | undefined;
  const movedIntro = (): Promise<Json> =>
    (moved ??= (async (): Promise<Json> => {
      const externalId = unique('moving-member');
      const member = await asAdmin('post', '/v1/members', {
        clusterId: clusterB.id,
        externalId,
        name: unique('Mover'),
        kind: 'sme',
        description: 'Power electronics modules and SiC inverters for electric buses',
        sectors: ['26'],
      });
      await settle(t.app);
      const memberKey = await keyFor({ role: 'member', label: 'mover', memberId: member.id });
      const list = await t.http.get(`/v1/members/${member.id}/suggestions`).set(memberKey);
      const s = (list.body.items as Json[])[0];
      if (!s) throw new Error('the moving member has no suggestion');
      const asked = await t.http
        .post('/v1/introductions')
        .set(memberKey)
        .send({ suggestionId: s.id, message: 'Before our move' });
      if (asked.status !== 201) throw new Error(`introduction: ${asked.status} ${asked.text}`);
      const run = (await importNdjson(
        t,
        JSON.stringify({
          type: 'member',
          externalId,
          clusterExternalId: clusterA.externalId,
          name: member.name,
          kind: member.kind,
          description: member.description,
          sectors: member.sectors,
        }),
      )) as Json;
      if (run.rejected !== 0 || run.updated !== 1)
        throw new Error(`the move was rejected: ${JSON.stringify(run)}`);
      movedIntroId = asked.body.id as string;
      return asked.body;
    })());

  /**
   * Rules within a route: who may change a record's registry identity (externalId) or move a
   * cluster to another economy. Operators only; the record's own manager or member gets 403.
   */
  const RULE_ROWS: Row[] = [
    {
      route: 'PATCH /v1/members/{id} {externalId}',
      expect: operatorOnly(200),
      call: async (who) => ({
        path: `/v1/members/${who === 'operator' ? (await freshMember()).id : memberA.id}`,
        body: { externalId: unique('registry-id') },
      }),
      check: (_who, body) => expect(body.externalId).toMatch(/^registry-id-/),
    },
    {
      route: 'PATCH /v1/clusters/{id} {externalId}',
      expect: operatorOnly(200),
      call: async (who) => ({
        path: `/v1/clusters/${
          who === 'operator' ? (await freshCluster('renamed')).id : clusterA.id
        }`,
        body: { externalId: unique('registry-id') },
      }),
    },
    {
      route: 'PATCH /v1/clusters/{id} {economy}',
      expect: operatorOnly(200),
      call: async (who) => {
        const target = who === 'operator' ? await freshCluster('moving') : clusterA;
        const to = target.economy === clusterB.economy ? clusterA.economy : clusterB.economy;
        return { path: `/v1/clusters/${target.id}`, body: { economy: to } };
      },
    },
    {
      route: 'GET /v1/introductions/{id} after the registry moved its member from B to A',
      expect: only(200, ['operator', 'managerA'], 404),
      call: async () => ({ path: `/v1/introductions/${(await movedIntro()).id}` }),
      check: (_who, body) => expect(body.requester.key).toMatch(/^member:/),
    },
    {
      route: 'GET /v1/introductions after the registry moved its member from B to A',
      expect: anyKey(200),
      call: () => ({ path: '/v1/introductions' }),
      check: (who, body) => {
        const listed = (body.items as Json[]).some((i) => i.id === movedIntroId);
        expect({ who, listed }).toEqual({ who, listed: ['operator', 'managerA'].includes(who) });
      },
    },
  ];

  /** Sends the row's request as every caller and checks each answer; returns the statuses. */
  const play = async (row: Row): Promise<Partial<Record<Caller, number>>> => {
    const statuses: Partial<Record<Caller, number>> = {};
    for (const who of CALLERS) {
      const call = await row.call(who);
      const [method] = row.route.split(' ');
      let req = t.http[method.toLowerCase() as 'get'](call.path).set(call.headers ?? keys[who]);
      if (call.query) req = req.query(call.query);
      const res = call.ndjson
        ? await req.set('Content-Type', 'application/x-ndjson').send(call.ndjson)
        : call.body !== undefined
          ? await req.send(call.body as object)
          : await req;
      statuses[who] = res.status;
      expect({ who, status: res.status, body: res.body as unknown }).toMatchObject({
        who,
        status: row.expect[who],
      });
      if (res.status === 401) expect(res.body.code).toMatch(/^AUTH\./);
      if (res.status < 300 && row.check) row.check(who, res.body);
    }
    return statuses;
  };

  it.each(RULE_ROWS.map((r) => [r.route, r] as const))('%s', async (_route, row) => {
    await movedIntro();
    await play(row);
  });

  it.each(ROWS.map((r) => [r.route, r] as const))('%s', async (_route, row) => {
    tried.set(row.route, await play(row));
  });

  it('revoked and missing keys never get past authentication, on any route but the public ones', () => {
    const open = ROWS.filter((r) => r.expect.anonymous !== 401).map((r) => r.route);
    expect(open.sort()).toEqual([
      'GET /health',
      'GET /v1/auth/callback',
      'GET /v1/unsubscribe',
      'POST /v1/auth/email-link',
      'POST /v1/auth/session',
      'POST /v1/unsubscribe',
    ]);
    const cells = [...tried.values()].reduce((n, byCaller) => n + Object.keys(byCaller).length, 0);
    expect(cells).toBe(ROWS.length * CALLERS.length);
  });
});
