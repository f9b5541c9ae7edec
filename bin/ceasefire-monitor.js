#!/usr/bin/env node
// The CLI runs the compiled code; `npm install` / `npm ci` build it (the prepare script).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('ceasefire-monitor: not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}
require(entry).main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write('ceasefire-monitor: ' + (error && error.message ? error.message : String(error)) + '\n');
    process.exit(2);
  },
);
