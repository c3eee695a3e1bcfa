import { TestApp, admin, bearer, clusterBody, startTestApp } from '../support/http';
import { TestRedis, startRedis } from '../support/redis';

/** Rate limits per role and per address, shared through Redis; CORS by configuration; headers. */
describe('hardening', () => {
  describe('rate limits', () => {
    let t: TestApp;
    let memberKey: Record<string, string>;
    let managerKey: Record<string, string>;
    beforeAll(async () => {
      t = await startTestApp({
        THROTTLE_LIMITS: 'operator=50,cluster_manager=6,member=3,anonymous=2',
        THROTTLE_WINDOW_MS: '60000',
      });
      const cluster = (await t.http.post('/v1/clusters').set(admin).send(clusterBody())).body;
      const member = (
        await t.http
          .post('/v1/members')
          .set(admin)
          .send({
            clusterId: cluster.id,
            name: 'm',
            kind: 'sme',
            description: 'SiC devices',
            sectors: ['26'],
          })
      ).body;
      const key = async (body: object) =>
        bearer((await t.http.post('/v1/api-keys').set(admin).send(body)).body.token as string);
      memberKey = await key({ role: 'member', label: 'm', memberId: member.id });
      managerKey = await key({ role: 'cluster_manager', label: 'c', clusterIds: [cluster.id] });
    });
    afterAll(() => t.close());

    it('limits each key by its role across routes, with Retry-After, leaving other keys alone', async () => {
      const paths = ['/v1/me', '/v1/economies', '/v1/clusters'];
      for (const path of paths) expect((await t.http.get(path).set(memberKey)).status).toBe(200);
      const over = await t.http.get('/v1/sectors').set(memberKey);
      expect(over.status).toBe(429);
      expect(over.body.code).toBe('RATE.LIMITED');
      expect(over.body.detail).toMatch(
        /^Too many requests: 3 per 60 s are allowed for this caller\. Try again in \d+ s\.$/,
      );
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(over.headers['ratelimit-limit']).toBe('3');
      expect(over.headers['ratelimit-remaining']).toBe('0');
      expect(Number(over.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(over.headers['ratelimit-policy']).toBe('3;w=60');
      const ok = await t.http.get('/v1/me').set(managerKey);
      expect(ok.status).toBe(200);
      expect(ok.headers['x-ratelimit-limit']).toBe('6');
      expect(ok.headers['x-ratelimit-remaining']).toBe('5');
    });

    it('counts calls with a wrong key against the address, so keys cannot be guessed at speed', async () => {
      const guess = (n: number) =>
        t.http.get('/v1/me').set(bearer(`pec_guess_${n}_0123456789abcdefghijklmnop`));
      expect((await guess(1)).status).toBe(401);
      expect((await guess(2)).status).toBe(401);
      expect((await guess(3)).status).toBe(429);
      // Probes are not counted.
      for (let i = 0; i < 5; i++) expect((await t.http.get('/health')).status).toBe(200);
      // No proxy is trusted by default: a made-up X-Forwarded-For is not a new address.
      for (let i = 0; i < 5; i++)
        expect(
          (
            await t.http
              .get('/v1/me')
              .set('X-Forwarded-For', `203.0.113.${i + 10}`)
              .set(bearer(`pec_guess_x${i}_0123456789abcdefghijklmnop`))
          ).status,
        ).toBe(429);
    });
  });

  describe('rate limits shared through Redis', () => {
    let redis: TestRedis;
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      redis = await startRedis();
      const env = {
        REDIS_URL: redis.url,
        THROTTLE_LIMITS: 'operator=4,cluster_manager=4,member=4,anonymous=4',
      };
      a = await startTestApp(env);
      b = await startTestApp(env);
    }, 30000);
    afterAll(async () => {
      await a.close();
      await b.close();
      await redis.stop();
    });

    it('counts one key’s calls on every api replica together, and keeps serving when Redis is down', async () => {
      expect((await a.http.get('/v1/me').set(admin)).status).toBe(200);
      expect((await b.http.get('/v1/me').set(admin)).status).toBe(200);
      expect((await a.http.get('/v1/me').set(admin)).status).toBe(200);
      expect((await b.http.get('/v1/me').set(admin)).status).toBe(200);
      expect((await a.http.get('/v1/me').set(admin)).status).toBe(429);
      await redis.stop();
      // Without Redis each replica counts on its own (fail open): b has seen no calls of its own.
      expect((await b.http.get('/v1/me').set(admin)).status).toBe(200);
    }, 30000);
  });

  describe('CORS and headers', () => {
    it('answers browsers only from the configured origins', async () => {
      const t = await startTestApp({ CORS_ORIGINS: 'https://app.pec.example' });
      try {
        const allowed = await t.http
          .options('/v1/clusters')
          .set('Origin', 'https://app.pec.example')
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type');
        expect(allowed.status).toBe(204);
        expect(allowed.headers['access-control-allow-origin']).toBe('https://app.pec.example');
        expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
        const foreign = await t.http
          .get('/v1/economies')
          .set('Origin', 'https://evil.example')
          .set(admin);
        expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await t.close();
      }
      const closed = await startTestApp();
      try {
        const res = await closed.http
          .get('/v1/economies')
          .set('Origin', 'https://app.pec.example')
          .set(admin);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-powered-by']).toBeUndefined();
        // A strict Content-Security-Policy everywhere: own origin, no inline scripts, no framing.
        const csp = res.headers['content-security-policy'];
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain('unsafe');
        // The docs UI gets inline styles, and still no inline scripts.
        const docs = await closed.http.get('/docs/').expect(200);
        const docsCsp = docs.headers['content-security-policy'];
        expect(docsCsp).toContain("style-src 'self' 'unsafe-inline'");
        expect(docsCsp).toContain("script-src 'self'");
        expect(docs.text).not.toMatch(/<script>(?!<\/script>)/);
      } finally {
        await closed.close();
      }
    });

    it('refuses a bad CORS_ORIGINS naming the variable', async () => {
      await expect(startTestApp({ CORS_ORIGINS: 'app.pec.example' })).rejects.toThrow(
        /CORS_ORIGINS/,
      );
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY)', () => {
    it('counts anonymous calls per forwarded client address only when the proxy is trusted', async () => {
      const t = await startTestApp({
        TRUST_PROXY: 'loopback',
        THROTTLE_LIMITS: 'operator=50,cluster_manager=6,member=3,anonymous=1',
      });
      try {
        const from = (address: string) =>
          t.http
            .get('/v1/me')
            .set('X-Forwarded-For', address)
            .set(bearer('pec_guess_proxy_0123456789abcdefghijklmnop'));
        expect((await from('198.51.100.1')).status).toBe(401);
        expect((await from('198.51.100.1')).status).toBe(429);
        expect((await from('198.51.100.2')).status).toBe(401);
      } finally {
        await t.close();
      }
    });

    it('refuses a bad TRUST_PROXY naming the variable', async () => {
      await expect(startTestApp({ TRUST_PROXY: 'everyone' })).rejects.toThrow(/TRUST_PROXY/);
    });
  });
});
