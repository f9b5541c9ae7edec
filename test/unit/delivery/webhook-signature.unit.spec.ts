import { sign, signedHeaders, verify } from '../../../src/delivery/webhook-signature';
import { createHmac } from 'node:crypto';

const secret = 'a-secret-of-24-characters';
const body = '{"id":"al_1","transition":1}';

describe('webhook signatures', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const hex = createHmac('sha256', secret).update(`1764812345.${body}`).digest('hex');
    expect(sign(secret, 1764812345, body)).toBe(`sha256=${hex}`);
  });

  it('signs with unix seconds at the moment of sending', () => {
    const headers = signedHeaders(secret, body, new Date('2026-12-04T01:00:00.900Z'));
    expect(headers['x-ceasefire-timestamp']).toBe(String(Date.UTC(2026, 11, 4, 1) / 1000));
    expect(verify(secret, headers['x-ceasefire-timestamp'], body, headers['x-ceasefire-signature'])).toBe(true);
  });

  it('fails with another secret, another body or another timestamp', () => {
    const signature = sign(secret, 100, body);
    expect(verify('another-secret-of-24-chars', '100', body, signature)).toBe(false);
    expect(verify(secret, '100', `${body} `, signature)).toBe(false);
    expect(verify(secret, '101', body, signature)).toBe(false);
    expect(verify(secret, '100', body, 'sha256=00')).toBe(false);
  });
});
