import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  PayloadTooLargeException,
  Post,
  Res,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyReply } from 'fastify';
import { IntakeHold } from '../backpressure/intake-hold.service';
import { CLOCK, Clock } from '../config/clock';
import { Metrics } from '../observability/metrics';
import { RequiresRole, RolesGuard } from '../security/roles.guard';
import { AppendObservations, AppendObservationsResult } from './intake.command';
import { Observation } from './observation';
import { refusedForItsData } from './refusals';
import { validateObservationValue } from './validate';

export const MAX_OBSERVATIONS_PER_REQUEST = 10_000;

/**
 * POST /observations: one object or an array. All-or-nothing: if any item is invalid the
 * answer is 400 with a reason per rejected item and nothing is appended, so a client can fix
 * and resend the batch as a whole (appends are idempotent, so resending is always safe).
 */
@ApiTags('observations')
@ApiSecurity('api-key')
@Controller('observations')
@UseGuards(RolesGuard)
export class ObservationsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly hold: IntakeHold,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Submit one observation or an array (202: appended; 400: a reason per rejected item, nothing appended)' })
  @HttpCode(202)
  @RequiresRole('ingest')
  async submit(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    if (this.hold.holding) {
      reply.header('Retry-After', String(this.hold.retryAfterSeconds()));
      throw new ServiceUnavailableException({
        code: 'OBSERVATION.PROJECTION_LAG',
        message: `intake is held: ${this.hold.reason()}; nothing was appended, retry later`,
      });
    }
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0) throw new BadRequestException({ message: 'no observations given', rejected: [] });
    if (items.length > MAX_OBSERVATIONS_PER_REQUEST) {
      throw new PayloadTooLargeException(`at most ${MAX_OBSERVATIONS_PER_REQUEST} observations per request`);
    }
    const now = this.clock.now();
    const observations: Observation[] = [];
    const rejected: { index: number; id?: unknown; source?: unknown; errors: { field: string; reason: string }[] }[] = [];
    items.forEach((item, index) => {
      const result = validateObservationValue(item, now);
      if (result.ok) observations.push(result.observation);
      else
        rejected.push({ index, id: (item as { id?: unknown })?.id, source: (item as { source?: unknown })?.source, errors: result.errors });
    });
    if (rejected.length > 0) {
      this.metrics.countObservations(rejected.map(() => 'rejected' as const));
      const first = rejected[0].errors[0];
      throw new BadRequestException({
        code: 'OBSERVATION.INVALID',
        message: `${rejected.length} of ${items.length} observations rejected (first: item ${rejected[0].index}, ${first.field}: ${first.reason}); nothing was appended`,
        rejected,
      });
    }
    const outcomes = await (this.commands.execute(new AppendObservations(observations)) as Promise<AppendObservationsResult>).catch(
      (error: Error) => {
        // one statement appends the batch, so a refusal leaves nothing appended, as for an invalid item
        if (!refusedForItsData(error)) throw error;
        throw new BadRequestException({
          code: 'OBSERVATION.REFUSED',
          message: `the event store refused the batch (${error.message}); nothing was appended`,
          rejected: [],
        });
      },
    );
    return {
      accepted: outcomes.filter((o) => o === 'accepted').length,
      duplicate: outcomes.filter((o) => o === 'duplicate').length,
      results: outcomes.map((outcome, index) => ({ source: observations[index].source, id: observations[index].id, outcome })),
    };
  }
}
