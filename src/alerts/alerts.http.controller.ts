import { ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  MessageEvent,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Sse,
  UseGuards,
} from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CLOCK, Clock } from '../config/clock';
import { CONFIG, Config } from '../config/config';
import { storable, UNSTORABLE_TEXT } from '../database/storable';
import { EventStore } from '../event-store/event-store';
import { parseOr400 } from '../http/parse';
import { isoDate, slug } from '../observations/observation';
import { ProjectorService } from '../projections/projector.service';
import { RequiresRole, RolesGuard } from '../security/roles.guard';
import { AlertFeed } from './alert-feed';
import { parseEventId, sseEvents } from './alert-stream';

const listQuery = z.object({
  accordId: slug.optional(),
  state: z.enum(['firing', 'resolved']).optional(),
  since: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const ackBody = z.object({ by: z.string().min(1).max(128).refine(storable, UNSTORABLE_TEXT).optional() }).optional();
const alertId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an alert id');

@ApiTags('alerts')
@Controller('alerts')
@UseGuards(RolesGuard)
export class AlertsHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly feed: AlertFeed,
    private readonly projector: ProjectorService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Alerts in their latest transition, newest raised first; `since` = raised on or after that date. */
  @Get()
  @ApiOperation({ summary: 'Alerts in their latest transition' })
  async list(@Query() query: unknown) {
    const q = parseOr400(listQuery, query, 'query');
    const rows: { body: unknown }[] = await this.dataSource.query(
      `SELECT body FROM alerts
       WHERE ($1::text IS NULL OR accord_id = $1) AND ($2::text IS NULL OR state = $2) AND ($3::date IS NULL OR raised_at >= $3::date)
       ORDER BY raised_at DESC, id LIMIT $4`,
      [q.accordId ?? null, q.state ?? null, q.since ?? null, q.limit],
    );
    return { alerts: rows.map((r) => r.body) };
  }

  /**
   * Server-sent events: every transition as it is stored; the SSE id is `{id}:{transition}`.
   * A `Last-Event-ID` naming a stored transition first replays those after it; any other is ignored.
   */
  @Sse('stream')
  @ApiOperation({ summary: 'Server-sent events: every alert transition as stored, resumed after Last-Event-ID' })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: '`{id}:{transition}` of the last event had: the stored transitions after it come first',
  })
  stream(@Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return sseEvents(this.feed.transitions(parseEventId(lastEventId)), this.config.ALERT_STREAM_KEEP_ALIVE_MS);
  }

  /** Recorded as an event with who and when; acknowledging twice keeps the first. */
  @Post(':id/ack')
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Acknowledge an alert (analyst role); recorded as an event with who and when' })
  @HttpCode(200)
  @RequiresRole('analyst')
  async acknowledge(@Param('id') rawId: string, @Body() body: unknown, @Req() request: FastifyRequest & { principal?: { name: string } }) {
    const id = parseOr400(alertId, rawId, 'alert id');
    const by = parseOr400(ackBody, body, 'body')?.by ?? request.principal?.name ?? 'anonymous';
    const [alert] = await this.dataSource.query(`SELECT accord_id FROM alerts WHERE id = $1`, [id]);
    if (!alert) throw new NotFoundException(`no alert ${id}`);
    const at = this.clock.now().toISOString();
    await this.store.append([
      { type: 'alert.acknowledged', stream: '~ack', key: id, revision: 1, data: { alertId: id, accordId: alert.accord_id, by, at } },
    ]);
    this.projector.wake();
    const recorded = await this.store.latest('~ack', id);
    const data = recorded!.data as { by: string; at: string };
    return { id, acknowledgedBy: data.by, acknowledgedAt: data.at };
  }
}
