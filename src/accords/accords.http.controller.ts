import { ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  Inject,
  NotFoundException,
  Param,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ComplianceReader } from '../read-model/compliance.reader';
import { CLOCK, Clock } from '../config/clock';
import { localDate, addDays } from '../compliance/days';
import { storable, UNSTORABLE_TEXT } from '../database/storable';
import { parseOr400 } from '../http/parse';
import { actorSlug, isoDate, metric, slug } from '../observations/observation';
import { ProjectorService } from '../projections/projector.service';
import { RequiresRole, RolesGuard } from '../security/roles.guard';
import { parseAccord } from './accord.schema';
import { Accord } from './accord.types';
import { AccordLimitError, AccordsService } from './accords.service';

const accordId = slug;
const complianceQuery = z.object({ asOf: isoDate.optional() });
const windowsQuery = z
  .object({
    commitment: slug.optional(),
    metric: metric.optional(),
    days: z.coerce.number().int().min(1).max(3660).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    source: slug.optional(),
    actor: actorSlug.optional(),
    target: actorSlug.optional(),
    admin1: z.string().min(1).max(200).refine(storable, UNSTORABLE_TEXT).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

@ApiTags('accords')
@Controller('accords')
@UseGuards(RolesGuard)
export class AccordsHttpController {
  constructor(
    private readonly accords: AccordsService,
    private readonly reader: ComplianceReader,
    private readonly projector: ProjectorService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every accord with its current revision' })
  async list() {
    return { accords: (await this.accords.list()).map(({ accord, revision }) => ({ ...accord, revision })) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const { accord, revision } = await this.find(id);
    return { ...accord, revision };
  }

  /** Creates (201) or replaces (200) an accord; the same document again changes nothing. */
  @Put(':id')
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Create (201) or replace (200) an accord; each change is a new revision' })
  @RequiresRole('admin')
  async put(@Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    parseOr400(accordId, id, 'accord id');
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new BadRequestException('the body must be an accord document (JSON object)');
    const document = body as Record<string, unknown>;
    if (document.id !== undefined && document.id !== id) {
      throw new BadRequestException({
        code: 'ACCORD.INVALID',
        message: `id: must match the path (${id})`,
        errors: [{ field: 'id', reason: 'must match the path' }],
      });
    }
    const parsed = parseAccord({ ...document, id });
    if (!parsed.ok) {
      throw new BadRequestException({
        code: 'ACCORD.INVALID',
        message: `invalid accord: ${parsed.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`,
        errors: parsed.errors,
      });
    }
    const result = await this.accords.define(parsed.accord).catch((error: Error) => {
      if (!(error instanceof AccordLimitError)) throw error;
      throw new BadRequestException({
        code: 'ACCORD.INVALID',
        message: `id: ${error.message}`,
        errors: [{ code: error.code, field: 'id', reason: error.message }],
      });
    });
    if (result.changed) this.projector.wake();
    reply.status(result.created ? 201 : 200);
    return { ...result.accord, revision: result.revision, changed: result.changed };
  }

  /** Retires an accord: its history stays in the store, its firing alerts resolve, its verdict keys are tombstoned. */
  @Delete(':id')
  @ApiSecurity('api-key')
  @ApiOperation({
    summary: 'Retire an accord (an event: its history stays); its firing alerts resolve and its verdict keys get tombstones',
  })
  @RequiresRole('admin')
  async retire(@Param('id') id: string) {
    parseOr400(accordId, id, 'accord id');
    const retired = await this.accords.retire(id);
    if (!retired) throw new NotFoundException(`no accord ${id}`);
    this.projector.wake();
    return { id, retired: true, revision: retired.revision };
  }

  /** As of `asOf`, or else the accord's live clock (the latest event date seen for it), or today. */
  @Get(':id/compliance')
  @ApiOperation({ summary: 'Per commitment, the overall verdict and every source verdict as of a date' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default the accord clock' })
  async compliance(@Param('id') id: string, @Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    parseOr400(accordId, id, 'accord id');
    const q = parseOr400(complianceQuery, query, 'query');
    const report = await this.reader.report(id, q.asOf, (timezone) => this.today(timezone));
    if (report === null) throw new NotFoundException(`no accord ${id}`);
    // The bytes go out as encoded once, with the ETag hashed then; conditionalGet answers a poll that has them.
    reply.header('ETag', report.etag).type('application/json; charset=utf-8').send(report.bytes);
  }

  /** The claimed totals concerning the accord, with the commitments each is evidence on. */
  @Get(':id/claims')
  @ApiOperation({ summary: 'Claimed totals (aggregates) with the commitments each is evidence on' })
  async claims(@Param('id') id: string) {
    const { accord } = await this.find(id);
    return this.reader.claims(accord);
  }

  /** With `commitment`, its metric, filter and window by default: the series its verdicts are computed on, which the query's keys narrow. */
  @Get(':id/windows')
  @ApiOperation({ summary: 'One point per day: the rolling window ending that day and the same window a year earlier' })
  @ApiQuery({
    name: 'commitment',
    required: false,
    description: 'a commitment id: its metric, filter and window days unless given; source= and the other keys narrow its filter',
  })
  async windows(@Param('id') id: string, @Query() query: unknown) {
    const { accord } = await this.find(id);
    const q = parseOr400(windowsQuery, query, 'query');
    const commitment = q.commitment === undefined ? undefined : accord.commitments.find((c) => c.id === q.commitment);
    if (q.commitment !== undefined && !commitment) throw new NotFoundException(`no commitment ${q.commitment} in accord ${id}`);
    const to = q.to ?? (await this.defaultDate(accord));
    const from = q.from ?? addDays(to, -89);
    if (addDays(from, 3660) < to) throw new BadRequestException({ code: 'REQUEST.INVALID', message: 'from: at most 3660 days before to' });
    const filter = Object.fromEntries(
      (['source', 'actor', 'target', 'admin1', 'country'] as const).flatMap((key) => (q[key] ? [[key, q[key]]] : [])),
    );
    const days = q.days ?? (commitment && 'window' in commitment ? commitment.window.days : 30);
    return this.reader.windows(accord, {
      metric: q.metric ?? commitment?.metric ?? 'attacks',
      days,
      from,
      to,
      filter,
      within: commitment?.filter,
    });
  }

  private async find(id: string) {
    parseOr400(accordId, id, 'accord id');
    const found = await this.accords.get(id);
    if (!found) throw new NotFoundException(`no accord ${id}`);
    return found;
  }

  private async defaultDate(accord: Accord): Promise<string> {
    return (await this.accords.clock(accord.id)) ?? this.today(accord.timezone);
  }

  private today(timezone: string): string {
    return localDate(this.clock.now().toISOString(), timezone);
  }
}
