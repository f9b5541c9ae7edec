import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { LOGGER } from '../observability/logger';
import { ACCORD_ERROR } from './accord-errors';
import { accordFilesMessage, loadAccordsDir } from './accord-files';
import { Accord } from './accord.types';

export interface StoredAccord {
  accord: Accord;
  revision: number;
}

export class AccordFilesError extends Error {
  readonly code = 'ACCORDS.INVALID';
}

/** Every accord is evaluated live and kept in memory by the projector, so their number is bounded. */
export const MAX_ACCORDS = 1000;

export class AccordLimitError extends Error {
  readonly code = 'ACCORDS.TOO_MANY';
  constructor() {
    super(`is a new accord, and the monitor keeps at most ${MAX_ACCORDS}`);
  }
}

/** Accords are events: each change a new revision of the `~accord` stream, so history is kept. */
@Injectable()
export class AccordsService implements OnApplicationBootstrap {
  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Loads ACCORDS_DIR at start; a broken document stops the start, naming every file and field at once. A
   * missing directory only warns: accords can still come by PUT /accords/{id}.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { accords, errors } = await loadAccordsDir(this.config.ACCORDS_DIR);
    if (errors.length === 1 && errors[0].code === ACCORD_ERROR.directoryUnreadable) {
      this.logger.warn({ dir: this.config.ACCORDS_DIR, reason: errors[0].reason }, 'no accords directory: none loaded');
      return;
    }
    if (errors.length > 0) {
      throw new AccordFilesError(accordFilesMessage(this.config.ACCORDS_DIR, errors));
    }
    for (const accord of accords) {
      const { revision, changed } = await this.define(accord);
      this.logger.info({ accordId: accord.id, revision, changed }, 'accord loaded');
    }
  }

  /** Appends a new revision when the document differs from the current one. */
  async define(accord: Accord): Promise<StoredAccord & { changed: boolean }> {
    for (;;) {
      const current = await this.get(accord.id);
      if (current && canonical(current.accord) === canonical(accord)) return { ...current, changed: false };
      if (!current && (await this.count()) >= MAX_ACCORDS) throw new AccordLimitError();
      const revision = (current?.revision ?? 0) + 1;
      const [outcome] = await this.store.append([{ type: 'accord.defined', stream: '~accord', key: accord.id, revision, data: accord }]);
      if (outcome === 'accepted') return { accord, revision, changed: true };
      // another writer took this revision first: read again and decide again
    }
  }

  async list(): Promise<StoredAccord[]> {
    const rows: { data: Accord; revision: number }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (key) data, revision FROM events WHERE stream = '~accord' ORDER BY key, revision DESC`,
    );
    return rows.map((r) => ({ accord: r.data, revision: r.revision }));
  }

  /** Not serialized with other writers: two creations at once may pass the cap by one each. */
  private async count(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(DISTINCT key)::int AS n FROM events WHERE stream = '~accord'`);
    return row.n;
  }

  async get(id: string): Promise<StoredAccord | null> {
    const latest = await this.store.latest('~accord', id);
    return latest ? { accord: latest.data as Accord, revision: latest.revision } : null;
  }

  /** The accord's live clock (event time), if anything has been seen for it. */
  async clock(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT as_of FROM accords WHERE id = $1`, [id]);
    return row?.as_of ?? null;
  }
}

/** Key order does not make a new revision. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
