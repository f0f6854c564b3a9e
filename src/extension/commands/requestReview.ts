/**
 * Request Review: a read-only reviewer session reviews the session's diff; VS Code waits for its
 * findings (cancellable: the reviewer keeps running and Request Review again collects them), then
 * says what they mean. The findings show as diagnostics and under the session in the tree.
 */
import * as vscode from 'vscode';
import type { ReviewResult } from '../../director';
import type { Services } from '../services';
import { pickSession, withProgress } from './ui';

function describe(r: ReviewResult): { level: 'info' | 'warning' | 'error'; text: string } {
  switch (r.kind) {
    case 'REVIEW-SPAWNED':
      return { level: 'info', text: `${r.reviewer.full} is reviewing ${r.slug.full}.` };
    case 'REVIEW-NOT-DELIVERED':
      return { level: 'error', text: `${r.reviewer.full} did not start (${r.reason}).` };
    case 'REVIEW-PENDING':
      return {
        level: 'warning',
        text: `${r.reviewer.full} has not finished (${r.wait.kind}); Request Review again to collect its findings.`,
      };
    case 'REVIEWED': {
      const c = r.counts;
      const counts = `${c.critical} critical, ${c.major} major, ${c.minor} minor`;
      if (r.verdict === 'NO-SHIP') {
        const sent = r.redirected
          ? ` ${r.slug.full} was redirected with the findings.`
          : r.redirectError
            ? ` The findings were not sent: ${r.redirectError}`
            : '';
        return { level: 'error', text: `Review of ${r.slug.full}: NO-SHIP (${counts}).${sent}` };
      }
      if (r.verdict === 'INCOMPLETE') {
        const why = r.findingsMissing ? 'no findings file' : `${r.malformed.length} malformed line(s)`;
        return { level: 'warning', text: `Review of ${r.slug.full} is incomplete (${why}): ${counts}.` };
      }
      return { level: 'info', text: `Review of ${r.slug.full} passed (${counts}): SHIP is allowed.` };
    }
  }
}

export function requestReview(services: Services) {
  /** `focusArg` lets scripts and tests say what the reviewer should look at. */
  return async (node?: unknown, focusArg?: unknown) => {
    const session = await pickSession(services, node, 'Request a code review of which session?', ['done', 'idle']);
    const director = services.director();
    const result = await withProgress(`Reviewing ${session.slug}`, (signal, report) =>
      director
        .reporting(report)
        .review(session.slug, { wait: true, signal, ...(typeof focusArg === 'string' ? { focus: focusArg } : {}) }),
    );
    await services.store.refresh();
    const { level, text } = describe(result);
    const show =
      level === 'error'
        ? vscode.window.showErrorMessage
        : level === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void show(text);
    return result;
  };
}
