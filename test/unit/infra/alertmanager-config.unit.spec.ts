import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../../..');
const yaml = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8'));

describe('the shipped Alertmanager', () => {
  it('is where the compose file points the monitor, configured by infra/alertmanager.yml', () => {
    const compose = yaml('infra/compose.yaml');
    const alertmanager = compose.services.alertmanager;
    expect(compose.services.monitor.environment.ALERTMANAGER_URLS).toBe(`http://alertmanager:${alertmanager.ports[0].split(':')[1]}`);
    const [file, mounted] = (alertmanager.volumes[0] as string).split(':');
    expect(alertmanager.command).toContain(`--config.file=${mounted}`);
    expect(file).toBe('./alertmanager.yml');
  });

  it('groups by accord and lets a commitment’s overall alert inhibit its per-source alerts of the same severity', () => {
    const config = yaml('infra/alertmanager.yml');
    expect(config.route.group_by).toEqual(['accord']);
    expect(config.inhibit_rules).toEqual([
      { source_matchers: ['source="*"'], target_matchers: ['source!="*"'], equal: ['accord', 'commitment', 'severity'] },
    ]);
  });

  it('sends to a webhook receiver the compose file runs', () => {
    const compose = yaml('infra/compose.yaml');
    const receiver = new URL(yaml('infra/alertmanager.yml').receivers[0].webhook_configs[0].url);
    expect(compose.services[receiver.hostname].environment.HTTP_PORT).toBe(Number(receiver.port));
  });
});
