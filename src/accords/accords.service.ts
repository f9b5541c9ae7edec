import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { CONFIG, Config } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { StoredEvent } from '../event-store/event.types';
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
      if ((await this.store.latest('~accord', accord.id))?.type === 'accord.retired') {
        this.logger.warn({ accordId: accord.id }, 'accord retired: its file is not loaded again (PUT /accords/{id} defines it anew)');
        continue;
      }
      const { revision, changed } = await this.define(accord);
      this.logger.info({ accordId: accord.id, revision, changed }, 'accord loaded');
    }
  }

  /** Appends a new revision when the document differs from the current one. */
  async define(accord: Accord): Promise<StoredAccord & { changed: boolean; created: boolean }> {
    for (;;) {
      const head = await this.store.latest('~accord', accord.id);
      const current = defined(head);
      if (current && canonical(current.accord) === canonical(accord)) return { ...current, changed: false, created: false };
      if (!current && (await this.count()) >= MAX_ACCORDS) throw new AccordLimitError();
      const revision = (head?.revision ?? 0) + 1;
      const [outcome] = await this.store.append([{ type: 'accord.defined', stream: '~accord', key: accord.id, revision, data: accord }]);
      if (outcome === 'accepted') return { accord, revision, changed: true, created: !current };
      // another writer took this revision first: read again and decide again
    }
  }

  async list(): Promise<StoredAccord[]> {
    const rows: { data: Accord; revision: number }[] = await this.dataSource.query(
      `SELECT data, revision FROM (SELECT DISTINCT ON (key) type, data, revision FROM events WHERE stream = '~accord' ORDER BY key, revision DESC) AS head
       WHERE type = 'accord.defined'`,
    );
    return rows.map((r) => ({ accord: r.data, revision: r.revision }));
  }

  /** Not serialized with other writers: two creations at once may pass the cap by one each. Retired accords do not count. */
  private async count(): Promise<number> {
    return (await this.list()).length;
  }

  async get(id: string): Promise<StoredAccord | null> {
    return defined(await this.store.latest('~accord', id));
  }

  /**
   * Retires an accord (CONTRACT section 10): an event, so its history stays; the projector
   * resolves its firing alerts and tombstones its verdict keys. Null when there is no such accord.
   */
  async retire(id: string): Promise<{ revision: number } | null> {
    for (;;) {
      const current = await this.get(id);
      if (!current) return null;
      const revision = current.revision + 1;
      const [outcome] = await this.store.append([{ type: 'accord.retired', stream: '~accord', key: id, revision, data: { id } }]);
      if (outcome === 'accepted') return { revision };
    }
  }

  /** The accord's live clock (event time), if anything has been seen for it. */
  async clock(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT as_of FROM accords WHERE id = $1`, [id]);
    return row?.as_of ?? null;
  }
}

/** The accord an `~accord` stream's latest event defines; none once it is retired. */
const defined = (head: StoredEvent | null): StoredAccord | null =>
  head?.type === 'accord.defined' ? { accord: head.data as Accord, revision: head.revision } : null;

/** Key order does not make a new revision. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
