/**
 * One background wait per live session and wait token: the multiplexer's own wait (event-driven,
 * never a poll) ends when the session signals done, asks a question or its pane closes, and then
 * the store reads again. A wait that times out re-arms with that read.
 */
import type * as vscode from 'vscode';
import type { Director } from '../director';
import type { SessionView } from './sessionView';

export class SessionWaits {
  private readonly waits = new Map<string, AbortController>();

  constructor(
    private readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>,
    /** Called when a wait ends by itself (not stopped here). */
    private readonly ended: () => void,
  ) {}

  /** Arms a wait for each live session not waited for yet; stops the waits of sessions no longer live. */
  sync(director: Director, views: readonly SessionView[]): void {
    const wanted = new Set<string>();
    for (const view of views) {
      const { record } = view;
      if (view.state === 'gone' || record.phase === 'done' || record.phase === 'not-delivered') continue;
      const key = record.waitToken;
      wanted.add(key);
      if (this.waits.has(key)) continue;
      const controller = new AbortController();
      this.waits.set(key, controller);
      void director
        .wait(view.slug, { signal: controller.signal, pastQuestion: true })
        .then((outcome) => this.log.info(`${view.slug}: wait ended ${outcome.kind}`))
        .catch((error: unknown) =>
          this.log.warn(`${view.slug}: wait failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          if (this.waits.get(key) === controller) this.waits.delete(key);
          if (!controller.signal.aborted) this.ended();
        });
    }
    for (const [key, controller] of this.waits)
      if (!wanted.has(key)) {
        controller.abort();
        this.waits.delete(key);
      }
  }

  stop(): void {
    for (const controller of this.waits.values()) controller.abort();
    this.waits.clear();
  }
}
