import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ACCORD_ERROR, AccordError, ROOT_FIELD } from './accord-errors';
import { parseAccord } from './accord.schema';
import { Accord } from './accord.types';

/** The one place accord documents are read from disk (ACCORDS_DIR, loaded at start). */

export interface AccordFileError extends AccordError {
  /** The file name within the directory, or the directory itself when it cannot be read. */
  file: string;
}

export type AccordTextParse = { ok: true; accord: Accord } | { ok: false; errors: AccordFileError[] };

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** One accord document, JSON when the name ends in .json, else YAML. */
export function parseAccordText(text: string, fileName: string): AccordTextParse {
  let raw: unknown;
  try {
    raw = extname(fileName).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = `does not parse: ${(error as Error).message.split('\n')[0]}`;
    return { ok: false, errors: [{ file: fileName, code: ACCORD_ERROR.syntax, field: ROOT_FIELD, reason }] };
  }
  const parsed = parseAccord(raw);
  return parsed.ok ? parsed : { ok: false, errors: parsed.errors.map((e) => ({ file: fileName, ...e })) };
}

/**
 * Why the start stopped: every error of every file, one a line, and how to start without them,
 * since the operator reading it may not be the one who can fix the accord.
 */
export function accordFilesMessage(dir: string, errors: readonly AccordFileError[]): string {
  const files = new Set(errors.map((e) => e.file)).size;
  return [
    `${files === 1 ? 'an accord file' : `${files} accord files`} in ACCORDS_DIR (${dir}) ${files === 1 ? 'is' : 'are'} invalid:`,
    ...errors.map((e) => `  ${e.file}: ${e.field} ${e.reason}`),
    'Fix them, move them out of that directory, or start without them: ACCORDS_DIR=<another directory> (one that does not exist loads no accords).',
  ].join('\n');
}

/**
 * Every *.yaml, *.yml and *.json file in `dir`, in name order, so errors and load order are
 * the same on every start. Hidden files (editor backups, `.#lock` files) are skipped.
 */
export async function loadAccordsDir(dir: string): Promise<{ accords: Accord[]; errors: AccordFileError[] }> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((e) => !e.isDirectory() && !e.name.startsWith('.') && EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    const reason = `cannot read the accords directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return { accords: [], errors: [{ file: dir, code: ACCORD_ERROR.directoryUnreadable, field: ROOT_FIELD, reason }] };
  }
  const accords: Accord[] = [];
  const errors: AccordFileError[] = [];
  const fileOf = new Map<string, string>();
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      errors.push({
        file: name,
        code: ACCORD_ERROR.fileUnreadable,
        field: ROOT_FIELD,
        reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
      continue;
    }
    const result = parseAccordText(text, name);
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const other = fileOf.get(result.accord.id);
    if (other !== undefined) {
      // two files defining one accord: the first (by name) is kept, the later one reported
      errors.push({
        file: name,
        code: ACCORD_ERROR.duplicateId,
        field: 'id',
        reason: `${result.accord.id} is already defined in ${other}`,
      });
      continue;
    }
    fileOf.set(result.accord.id, name);
    accords.push(result.accord);
  }
  return { accords, errors };
}
