import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The dashboard at `/`: a static page and its assets, served by the monitor itself. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
