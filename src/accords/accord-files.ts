import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseAccord } from './accord.schema';
import { Accord } from './accord.types';

export interface AccordFileError {
  file: string;
  field: string;
  reason: string;
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** One accord document, YAML or JSON by its file name. */
export function parseAccordText(text: string, fileName: string): { accord?: Accord; errors: AccordFileError[] } {
  let raw: unknown;
  try {
    raw = extname(fileName) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    return { errors: [{ file: fileName, field: '(root)', reason: `does not parse: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const parsed = parseAccord(raw);
  return parsed.ok ? { accord: parsed.accord, errors: [] } : { errors: parsed.errors.map((e) => ({ file: fileName, ...e })) };
}

/** Every *.yaml, *.yml and *.json accord in a directory, sorted by file name. */
export async function loadAccordsDir(dir: string): Promise<{ accords: Accord[]; errors: AccordFileError[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => EXTENSIONS.has(extname(name))).sort();
  } catch (error) {
    return { accords: [], errors: [{ file: dir, field: 'ACCORDS_DIR', reason: `cannot read the directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }] };
  }
  const accords: Accord[] = [];
  const errors: AccordFileError[] = [];
  const files = new Map<string, string>();
  for (const name of names) {
    const result = parseAccordText(await readFile(join(dir, name), 'utf8'), name);
    errors.push(...result.errors);
    if (!result.accord) continue;
    const other = files.get(result.accord.id);
    if (other) errors.push({ file: name, field: 'id', reason: `${result.accord.id} is already defined in ${other}` });
    else {
      files.set(result.accord.id, name);
      accords.push(result.accord);
    }
  }
  return { accords, errors };
}
