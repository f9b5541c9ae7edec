import { SEED_OBSERVATIONS } from '../demo/seed-report';

interface SourceRow {
  source: string;
  verdict: string;
  basis: string;
  value: number;
  baseline: number | null;
  changePct: number | null;
  selfReported: boolean;
}

/** `demo`: feeds a running monitor the seed report's figures, then prints its verdicts. */
export async function demoCommand(url: string, apiKey: string | undefined, accordId = 'us-taliban-2020'): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) };
  const sent = await fetch(new URL('/observations', url), { method: 'POST', headers, body: JSON.stringify(SEED_OBSERVATIONS) });
  const receipt = (await sent.json()) as { accepted: number; duplicate: number };
  if (!sent.ok) {
    process.stderr.write(`demo: the monitor refused the seed (${sent.status}): ${JSON.stringify(receipt)}\n`);
    return 1;
  }
  process.stdout.write(`sent ${SEED_OBSERVATIONS.length} observations: ${receipt.accepted} accepted, ${receipt.duplicate} duplicate\n`);
  const report = await waitForVerdicts(url, accordId);
  process.stdout.write(`\n${accordId} as of ${report.asOf}\n`);
  for (const c of report.commitments) {
    process.stdout.write(`\n  ${c.id} (${c.kind}): ${c.verdict.toUpperCase()}\n`);
    for (const s of c.sources) {
      const change = s.changePct === null ? '' : ` (${s.changePct > 0 ? '+' : ''}${s.changePct.toFixed(1)}%)`;
      const against = s.baseline === null ? '' : ` vs ${Math.round(s.baseline)}`;
      process.stdout.write(
        `    ${s.source.padEnd(20)} ${s.verdict.padEnd(18)} ${s.basis.padEnd(9)} ${Math.round(s.value)}${against}${change}${s.selfReported ? '  self-reported' : ''}\n`,
      );
    }
  }
  return 0;
}

interface Report {
  asOf: string;
  commitments: { id: string; kind: string; verdict: string; sources: SourceRow[] }[];
}

/**
 * Projection is asynchronous: poll /health until every projector shard has projected all
 * that is stored (the accord's clock is written by the shard that owns it), then read.
 */
async function waitForVerdicts(url: string, accordId: string): Promise<Report> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const health = (await (await fetch(new URL('/health', url))).json()) as { components: Record<string, { lag?: number }> };
    const shards = Object.entries(health.components).filter(([name]) => name === 'projector' || name.startsWith('projector/'));
    if (shards.every(([, shard]) => shard.lag === 0) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const response = await fetch(new URL(`/accords/${accordId}/compliance`, url));
  const report = (await response.json()) as Report;
  if (!response.ok) throw new Error(`compliance: ${response.status} ${JSON.stringify(report)}`);
  return report;
}
