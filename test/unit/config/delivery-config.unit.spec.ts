import { loadConfig } from '../../../src/config/config';

const SECRET = 'a-webhook-secret-of-32-characters';
const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('delivery configuration', () => {
  it('reads comma lists of Alertmanager and webhook URLs, with the contract defaults', () => {
    const config = loadConfig({
      ALERTMANAGER_URLS: 'http://am-1:9093, https://am-2:9093',
      WEBHOOK_URLS: 'https://hooks.example/a',
      WEBHOOK_SECRET: SECRET,
    });
    expect(config).toMatchObject({
      ALERTMANAGER_URLS: ['http://am-1:9093', 'https://am-2:9093'],
      WEBHOOK_URLS: ['https://hooks.example/a'],
      ALERTMANAGER_RESEND_MS: 60000,
    });
    expect(loadConfig({}).ALERTMANAGER_URLS ?? loadConfig({}).WEBHOOK_URLS).toBeUndefined();
  });

  it.each([
    ['ALERTMANAGER_URLS', { ALERTMANAGER_URLS: 'ftp://am:9093' }],
    ['WEBHOOK_URLS', { WEBHOOK_URLS: 'hooks.example/a', WEBHOOK_SECRET: SECRET }],
    ['PUBLIC_URL', { PUBLIC_URL: 'file:///etc/passwd' }],
  ])('stops with one line naming %s when a URL is not http(s)', (name, env) => {
    const message = failure(env);
    expect(message).toMatch(new RegExp(`^invalid configuration: ${name}(\\.\\d+)? must be an http:// or https:// URL$`));
  });

  it('stops when WEBHOOK_SECRET is shorter than 16 characters, without showing it', () => {
    const message = failure({ WEBHOOK_URLS: 'https://hooks.example/a', WEBHOOK_SECRET: 'short-s3cret' });
    expect(message).toBe('invalid configuration: WEBHOOK_SECRET must be at least 16 characters');
    expect(message).not.toContain('short-s3cret');
  });

  it('stops when WEBHOOK_URLS is set without WEBHOOK_SECRET', () => {
    expect(failure({ WEBHOOK_URLS: 'https://hooks.example/a' })).toBe(
      'invalid configuration: WEBHOOK_SECRET must be set when WEBHOOK_URLS is',
    );
  });
});
