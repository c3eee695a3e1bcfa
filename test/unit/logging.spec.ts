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
