import { createApp } from './app.factory';
import { ConfigError } from './config/config';

createApp(process.env).catch((error: unknown) => {
  // One line, no stack: a bad setting is an operator's typo, not a crash.
  const message = error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).message}`;
  process.stderr.write(`ceasefire-monitor: ${message}\n`);
  process.exit(1);
});
