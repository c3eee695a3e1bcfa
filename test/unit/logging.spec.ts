import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import pinoHttp, { Options } from 'pino-http';
import { AppConfig } from '../../src/common/config/app-config';
import { loggerOptions, redactUrl } from '../../src/common/logging';

describe('request URLs in the log', () => {
  it('hide credentials carried in the query string, and nothing else', () => {
    expect(redactUrl('/v1/unsubscribe?recipient=cluster%3Aabc&signature=Zk9_x-1')).toBe(
      '/v1/unsubscribe?recipient=cluster%3Aabc&signature=[redacted]',
    );
    expect(redactUrl('/v1/x?token=abc#frag')).toBe('/v1/x?token=[redacted]#frag');
    expect(redactUrl('/v1/clusters?limit=5&text=signature')).toBe(
      '/v1/clusters?limit=5&text=signature',
    );
  });
});

describe('secrets under other names in the query string', () => {
  it.each([
    ['access_token', '/v1/me?access_token=pec_live_abcdef0123456789'],
    ['api_key', '/v1/me?api_key=pec_live_abcdef0123456789'],
    ['apikey', '/v1/me?apikey=pec_live_abcdef0123456789'],
    ['key', '/v1/me?x=1&key=pec_live_abcdef0123456789'],
    ['secret', '/v1/me?client_secret=pec_live_abcdef0123456789'],
    ['password', '/v1/me?password=pec_live_abcdef0123456789'],
    ['code', '/v1/me?code=pec_live_abcdef0123456789'],
  ])('are redacted: %s', (_name, url) => {
    expect(redactUrl(url)).not.toContain('pec_live_abcdef0123456789');
    expect(redactUrl(url)).toContain('[redacted]');
  });
});

describe('the request log line', () => {
  it('names the service, the request and the status, with the key redacted', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
    const options = loggerOptions({ logLevel: 'info' } as AppConfig).pinoHttp as Options;
    const log = pinoHttp({ ...options, stream } as Options);
    const server = createServer((req, res) => log(req, res, () => res.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/v1/me?token=abc`, {
        headers: { authorization: 'Bearer pec_live_abcdef0123456789' },
      });
      await fetch(`http://127.0.0.1:${port}/health`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(lines).toHaveLength(1); // /health is not logged
    expect(lines[0]).toMatchObject({
      service: 'pec-match',
      pid: process.pid,
      req: { method: 'GET', url: '/v1/me?token=[redacted]' },
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(lines)).not.toContain('pec_live_abcdef0123456789');
  });
});
