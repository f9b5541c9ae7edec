import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { HealthRegistry } from './health';
import { Metrics } from './metrics';

@ApiTags('operations')
@Controller()
export class ObservabilityController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {}

  /** 200 while the database answers (Kafka trouble shows as degraded); 503 when it does not. */
  @Get('health')
  @ApiOperation({ summary: 'Database, Kafka, projector and relay states (503 when the database is down)' })
  async check(@Res() reply: FastifyReply) {
    const report = await this.health.report();
    reply.status(report.status === 'down' ? 503 : 200).send(report);
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
