import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BucketFoldService } from './bucket-fold.service';
import { ProjectorService } from './projector.service';

@Module({ imports: [CqrsModule], providers: [ProjectorService, BucketFoldService], exports: [ProjectorService] })
export class ProjectionsModule {}
