import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CONFIG, Config } from '../config/config';
import { parseOr400 } from '../http/parse';
import { slug } from '../observations/observation';
import { RolesGuard } from '../security/roles.guard';
import { AlertmanagerAlertStatus, FiringAlert, silenceStates } from './alertmanager-silences';
import { redact } from './receivers';

const query = z.object({ accordId: slug.optional() });

@ApiTags('alerts')
@Controller('alerts')
@UseGuards(RolesGuard)
export class SilencesHttpController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Unreachable Alertmanagers are left out, so the page still shows what the others say. */
  @Get('silences')
  @ApiOperation({ summary: 'Per firing alert, whether Alertmanager has it silenced, and a link to silence it' })
  async silences(@Query() raw: unknown) {
    const q = parseOr400(query, raw, 'query');
    const urls = this.config.ALERTMANAGER_URLS ?? [];
    if (urls.length === 0) return { alertmanager: null, reachable: 0, alerts: [] };
    const firing: FiringAlert[] = await this.dataSource.query(
      `SELECT id, key, body->>'severity' AS severity FROM alerts WHERE state = 'firing' AND ($1::text IS NULL OR accord_id = $1) ORDER BY id`,
      [q.accordId ?? null],
    );
    const answers = await Promise.allSettled(urls.map((url) => this.reported(url)));
    const reported = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
    const alertmanager = redact(urls[0]);
    return {
      alertmanager,
      reachable: answers.filter((a) => a.status === 'fulfilled').length,
      alerts: silenceStates(firing, reported, alertmanager),
    };
  }

  private async reported(url: string): Promise<AlertmanagerAlertStatus[]> {
    const filter = encodeURIComponent('alertname=~"CeasefireCommitment.+"');
    const response = await fetch(`${url.replace(/\/+$/, '')}/api/v2/alerts?filter=${filter}`, {
      signal: AbortSignal.timeout(this.config.DELIVERY_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`alertmanager answered ${response.status}`);
    return (await response.json()) as AlertmanagerAlertStatus[];
  }
}
