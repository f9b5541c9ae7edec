import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { ADMIN_URL } from './database';

/** Integration and end-to-end tests need PostgreSQL on 127.0.0.1:5432, kcat (the mock Kafka broker) and Alertmanager. */
export default async function globalSetup(): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not answering at ${ADMIN_URL} (trust auth expected): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  install('kcat', 'the mock Kafka broker');
  install('prometheus-alertmanager', 'the alert delivery tests (a real Alertmanager)');
}

/** A Debian package whose command is named like it, installed when missing. */
function install(name: string, neededBy: string): void {
  if (has(name)) return;
  process.stderr.write(`${name} missing: installing it from Debian (apt-get update, apt-get install -y ${name})\n`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${name}`, { stdio: 'inherit' });
  if (!has(name)) throw new Error(`${name} could not be installed; ${neededBy} needs it`);
}

function has(command: string): boolean {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/bash' });
    return true;
  } catch {
    return false;
  }
}
