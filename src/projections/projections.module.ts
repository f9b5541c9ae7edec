import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectorService } from './projector.service';

@Module({ imports: [CqrsModule], providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectionsModule {}
