import { redactUrl } from '../../src/common/logging';

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
