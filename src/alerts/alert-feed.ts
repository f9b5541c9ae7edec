import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { AlertTransition } from '../compliance/alerts';

/** The in-process alert feed the SSE stream and the log listen to. */
@Injectable()
export class AlertFeed implements OnModuleDestroy {
  private readonly subject = new Subject<AlertTransition>();

  publish(transition: AlertTransition): void {
    this.subject.next(transition);
  }

  get transitions(): Observable<AlertTransition> {
    return this.subject.asObservable();
  }

  /** Ends every open SSE stream, or the HTTP server would wait on them forever at shutdown. */
  onModuleDestroy(): void {
    this.subject.complete();
  }
}
