import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Controller, Get, Headers, Inject, NotFoundException, Param, Query, Res, UseGuards } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { CLOCK, Clock } from '../config/clock';
import { localDate } from '../compliance/days';
import { ItemKey } from '../compliance/evidence-items';
import { parseOr400 } from '../http/parse';
import { isoDate, slug } from '../observations/observation';
import { EvidencePage, EvidenceReader } from '../read-model/evidence.reader';
import { decodeCursor, encodeCursor } from '../read-model/evidence-cursor';
import { CSV_HEADER, csvRecords } from '../read-model/evidence-csv';
import { RolesGuard } from '../security/roles.guard';
import { Accord, Commitment } from './accord.types';
import { AccordsService } from './accords.service';

const evidenceQuery = z.object({
  commitment: slug,
  source: slug,
  asOf: isoDate.optional(),
  cursor: z
    .string()
    .max(1000)
    .refine((cursor) => decodeCursor(cursor) !== null, 'is not a cursor this listing gave')
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
type EvidenceQuery = z.infer<typeof evidenceQuery>;

/** CONTRACT section 8: the observations behind one source's verdict, as JSON pages or as one CSV of every page. */
@ApiTags('accords')
@Controller('accords')
@UseGuards(RolesGuard)
export class EvidenceHttpController {
  constructor(
    private readonly accords: AccordsService,
    private readonly reader: EvidenceReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/evidence')
  @ApiOperation({ summary: "The current observation versions whose amounts make up a source's value and baseline on a commitment" })
  @ApiQuery({ name: 'commitment', required: true })
  @ApiQuery({ name: 'source', required: true })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default the accord clock, as the compliance report' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the page before' })
  @ApiQuery({ name: 'limit', required: false, description: 'items a page, default 500, at most 5000' })
  @ApiProduces('application/json', 'text/csv')
  async evidence(
    @Param('id') id: string,
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const accord = await this.accord(id);
    const q = parseOr400(evidenceQuery, query, 'query');
    const commitment = accord.commitments.find((c) => c.id === q.commitment);
    if (!commitment) throw new NotFoundException(`no commitment ${q.commitment} in accord ${id}`);
    const asOf = q.asOf ?? (await this.accords.clock(id)) ?? localDate(this.clock.now().toISOString(), accord.timezone);
    const read = (after: ItemKey | null) => this.reader.page(accord, commitment, q.source, asOf, after, q.limit);
    const page = await read(q.cursor ? decodeCursor(q.cursor) : null);
    if (!page) throw new NotFoundException(`${q.source} has no verdict on ${commitment.id} as of ${asOf}`);
    if (accept && /\btext\/csv\b/.test(accept)) {
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="evidence-${accord.id}-${commitment.id}-${q.source}-${asOf}.csv"`)
        .send(Readable.from(everyPage(page, read)));
      return;
    }
    reply.send(body(accord, commitment, q, asOf, page));
  }

  private async accord(id: string): Promise<Accord> {
    parseOr400(slug, id, 'accord id');
    const found = await this.accords.get(id);
    if (!found) throw new NotFoundException(`no accord ${id}`);
    return found.accord;
  }
}

function body(accord: Accord, commitment: Commitment, q: EvidenceQuery, asOf: string, page: EvidencePage) {
  const { entry } = page;
  return {
    accordId: accord.id,
    commitmentId: commitment.id,
    source: q.source,
    asOf,
    basis: entry.basis,
    value: entry.value,
    baseline: entry.baseline,
    ...(entry.reason ? { reason: entry.reason } : {}),
    period: page.period,
    baselinePeriod: page.baselinePeriod,
    items: page.items,
    nextCursor: page.next && encodeCursor(page.next),
  };
}

/** The header, then this page and every one after it, read as the stream drains. */
async function* everyPage(first: EvidencePage, read: (after: ItemKey) => Promise<EvidencePage | null>): AsyncGenerator<string> {
  yield CSV_HEADER + csvRecords(first.items);
  for (let next = first.next; next; ) {
    const page = await read(next);
    if (!page) return;
    yield csvRecords(page.items);
    next = page.next;
  }
}
