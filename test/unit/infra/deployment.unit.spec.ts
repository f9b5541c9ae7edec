import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { configSchema } from '../../../src/config/config';
import { ASSETS, PAGE } from '../../../src/dashboard/dashboard-assets';
import { Metrics } from '../../../src/observability/metrics';
import { MONITOR_NODE_OPTIONS } from '../../support/child-app';
import { placedAt } from '../../support/runtime-image';

const ROOT = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const yaml = (path: string) => parse(read(path));
const CONFIG_KEYS = Object.keys(configSchema.shape);
const defaults = configSchema.parse({});

describe('deployment files agree with the code', () => {
  it('the container image is multi-stage, non-root, and exposes the default port', () => {
    const dockerfile = read('infra/Dockerfile');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain(`EXPOSE ${defaults.PORT}`);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main.js"\]/);
  });

  it('the runtime stage ships every file the dashboard serves, at the path the monitor reads it from', () => {
    const dependencies = Object.keys(JSON.parse(read('package.json')).dependencies);
    for (const path of [PAGE, ...Object.values(ASSETS)]) {
      // packages come from `npm ci --omit=dev`; the page's own files are read from the package root, so the image must keep their paths
      const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
      const file = relative(ROOT, path);
      if (inPackage) expect(dependencies).toContain(inPackage[1]);
      else expect({ file, inImage: placedAt(file) }).toEqual({ file, inImage: file });
    }
  });

  it('the image, npm start and the test harness run the monitor with the same V8 flags, and the README says which', () => {
    expect(read('infra/Dockerfile')).toContain(`NODE_OPTIONS="${MONITOR_NODE_OPTIONS}"`);
    expect(read('scripts/start.sh')).toContain(`NODE_OPTIONS="${MONITOR_NODE_OPTIONS} \${NODE_OPTIONS:-}"`);
    expect(read('README.md')).toContain(`| \`NODE_OPTIONS\` | \`${MONITOR_NODE_OPTIONS}\` |`);
  });

  it("the README's configuration table has a row for every variable, with the default the code has", () => {
    const rows = new Map([...read('README.md').matchAll(/^\| `([A-Z_]+)` \| (`[^`]*`|unset) \|/gm)].map((m) => [m[1], m[2]]));
    for (const name of CONFIG_KEYS) {
      expect(rows.has(name) ? name : `${name} missing`).toBe(name);
      const value = (defaults as Record<string, unknown>)[name];
      const shown = rows.get(name);
      if (value === undefined) expect(`${name} ${shown}`).toBe(`${name} unset`);
      else expect(`${name} ${shown}`).toBe(`${name} \`${value}\``);
    }
  });

  it('the compose file sets only known variables and wires Prometheus and Grafana to what exists', () => {
    const compose = yaml('infra/compose.yaml');
    const monitor = compose.services.monitor;
    for (const name of Object.keys(monitor.environment)) expect(CONFIG_KEYS).toContain(name);
    expect(monitor.ports).toContain(`${defaults.PORT}:${defaults.PORT}`);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller'); // KRaft, no ZooKeeper
    const topics = compose.services.topics.command.join('\n');
    for (const topic of [
      defaults.KAFKA_TOPIC_INCIDENTS,
      defaults.KAFKA_TOPIC_DLQ,
      defaults.KAFKA_TOPIC_ALERTS,
      defaults.KAFKA_TOPIC_VERDICTS,
    ]) {
      expect(topics).toContain(`--topic ${topic} `);
    }
    expect(topics).toMatch(/ceasefire\.verdicts .*cleanup\.policy=compact/);
    expect(read('infra/prometheus.yml')).toContain(`monitor:${defaults.PORT}`);
    for (const volume of compose.services.grafana.volumes as string[])
      expect(existsSync(join(ROOT, 'infra', volume.split(':')[0]))).toBe(true);
  });

  it('the Kubernetes Deployment runs 3 replicas, one projector shard each, with health probes on the port the app listens on', () => {
    const deployment = yaml('infra/k8s/deployment.yaml');
    const container = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(3);
    const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    for (const name of Object.keys(env)) expect(CONFIG_KEYS).toContain(name);
    expect(Number(env.PROJECTOR_SHARDS)).toBe(deployment.spec.replicas);
    const named = container.env.find((e: { name: string }) => e.name === 'INSTANCE_NAME');
    expect(named.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } }); // /health names the pod
    const http = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(http.containerPort).toBe(Number(env.PORT));
    for (const probe of [container.readinessProbe, container.livenessProbe])
      expect(probe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.volumeMounts.find((m: { name: string }) => m.name === 'accords').mountPath).toBe(env.ACCORDS_DIR);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  it('the Service targets the container port and the ConfigMap carries the shipped accord verbatim', () => {
    const service = yaml('infra/k8s/service.yaml');
    const deployment = yaml('infra/k8s/deployment.yaml');
    expect(service.spec.ports[0].targetPort).toBe('http');
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    const configMap = yaml('infra/k8s/configmap.yaml');
    expect(deployment.spec.template.spec.volumes[0].configMap.name).toBe(configMap.metadata.name);
    expect(configMap.data['us-taliban-2020.yaml']).toBe(read('accords/us-taliban-2020.yaml'));
  });

  it('every metric the Grafana dashboard queries is one the monitor exports', async () => {
    const exported = (await new Metrics().registry.getMetricsAsJSON()).map((m) => m.name);
    const dashboard = JSON.parse(read('infra/grafana/dashboards/ceasefire-monitor.json'));
    const queried = dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
    const names = new Set(queried.flatMap((expr: string) => expr.match(/ceasefire_[a-z_]+/g) ?? []));
    expect(names.size).toBeGreaterThan(5);
    for (const name of names as Set<string>) expect(exported).toContain(name.replace(/_bucket$/, ''));
  });

  it('the AsyncAPI document names the topics the monitor uses by default', () => {
    const [doc] = parseAllDocuments(read('docs/asyncapi.yaml')).map((d) => d.toJS());
    const addresses = Object.values(doc.channels as Record<string, { address: string }>).map((c) => c.address);
    expect(addresses.sort()).toEqual(
      [defaults.KAFKA_TOPIC_ALERTS, defaults.KAFKA_TOPIC_INCIDENTS, defaults.KAFKA_TOPIC_DLQ, defaults.KAFKA_TOPIC_VERDICTS].sort(),
    );
  });
});
