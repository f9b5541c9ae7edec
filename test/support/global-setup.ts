import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { ADMIN_URL } from './database';

/** Integration and end-to-end tests need PostgreSQL on 127.0.0.1:5432 and kcat (the mock Kafka broker). */
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
  if (!has('kcat')) {
    process.stderr.write('kcat missing: installing it from Debian (apt-get update, apt-get install -y kcat)\n');
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat`, { stdio: 'inherit' });
    if (!has('kcat')) throw new Error('kcat could not be installed; the mock Kafka broker needs it');
  }
}

function has(command: string): boolean {
  try {
    execSync(`command -v ${command}`, { stdio: 'ignore', shell: '/bin/bash' });
    return true;
  } catch {
    return false;
  }
}
