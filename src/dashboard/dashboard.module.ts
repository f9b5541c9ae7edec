import { Module } from '@nestjs/common';

/** The dashboard at `/`: a static page and its assets, served by the monitor itself. */
@Module({})
export class DashboardModule {}
