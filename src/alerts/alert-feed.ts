import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { AlertTransition } from '../compliance/alerts';

/** The in-process alert feed the SSE stream and the log listen to. */
@Injectable()
export class AlertFeed {
  private readonly subject = new Subject<AlertTransition>();

  publish(transition: AlertTransition): void {
    this.subject.next(transition);
  }

  get transitions(): Observable<AlertTransition> {
    return this.subject.asObservable();
  }
}
