/**
 * Verify, Review Changes and Close. SHIP always runs verify first: NO-SHIP blocks it, and
 * NEEDS-CODE-REVIEW offers Request Review (a reviewer session) or the user types the slug (the
 * override goes into the ledger). A passed review of the same diff makes verify SHIP.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { isOutcome, OUTCOMES, validateSummary, type Outcome } from '../../core/ledger';
import { prunedLine } from '../../core/branchPrune';
import { bareName } from '../../core/slug';
import type { VerifyResult } from '../../director';
import { openChangeDiff } from '../baselineDocuments';
import { COMMANDS } from '../constants';
import type { Services } from '../services';
import type { DirectorNode } from '../sessionTree';
import { ask, Cancelled, pickSession, withProgress } from './ui';

function describe(result: VerifyResult): string {
  const reasons = result.reasons.length > 0 ? ` — ${result.reasons.join('; ')}` : '';
  return `${result.verdict}: ${result.files.length} file(s) +${result.added} -${result.deleted}${reasons}`;
}

export function verify(services: Services) {
  return async (node?: unknown) => {
    const session = await pickSession(services, node, 'Verify which session?', ['done']);
    const director = services.director();
    const result = await withProgress(`Verifying ${session.slug}`, (signal, report) =>
      director.reporting(report).verify(session.slug, { signal }),
    );
    const text = `${session.slug}: ${describe(result)}`;
    const actions = [
      ...(result.files.length > 0 ? ['Review Changes'] : []),
      ...(result.check ? ['Open Check Log'] : []),
    ];
    // Never an error toast: VS Code keeps errors with buttons on screen until dismissed, so an old
    // NO-SHIP would stay beside a later SHIP. Warnings fade; the verdict is re-run before any SHIP.
    const choice =
      result.verdict === 'SHIP'
        ? await vscode.window.showInformationMessage(text, ...actions)
        : await vscode.window.showWarningMessage(text, ...actions);
    if (choice === 'Review Changes') await reviewChanges(services)(session.slug);
    if (choice === 'Open Check Log' && result.check)
      await vscode.window.showTextDocument(vscode.Uri.file(join(director.root, result.check.log)));
    return result;
  };
}

export function reviewChanges(services: Services) {
  return async (node?: unknown) => {
    const session = await pickSession(services, node, 'Review which session?', ['done']);
    await services.store.refresh();
    const fresh = services.store.find(session.slug) ?? session;
    const root = services.director().root;
    if (fresh.changes.length === 0) {
      void vscode.window.showInformationMessage(`${fresh.slug} changed nothing on disk since it was spawned.`);
      return 0;
    }
    const folder = fresh.record.worktree?.folder ?? root;
    for (const change of fresh.changes) await openChangeDiff(root, fresh.slug, change, services.log, folder);
    return fresh.changes.length;
  };
}

export function openFileDiff(services: Services) {
  return async (node?: DirectorNode) => {
    if (node?.kind !== 'file') return false;
    const root = services.director().root;
    return openChangeDiff(root, node.session.slug, node.change, services.log, node.session.record.worktree?.folder);
  };
}

/**
 * Asks before SHIP: the director's own gate refuses NO-SHIP and needs a reason for
 * NEEDS-CODE-REVIEW; here the user sees why and types the slug to accept a review flag.
 * Returns the reason to pass as acceptReview, or throws to stop.
 */
async function shipGate(services: Services, slug: string): Promise<string | undefined> {
  const result = await withProgress(`Verifying ${slug} before SHIP`, () => services.director().verify(slug));
  if (result.verdict === 'SHIP') return undefined;
  if (result.verdict === 'NO-SHIP') {
    // A warning, not an error: it must fade once the session moves on (see verify above).
    const choice = await vscode.window.showWarningMessage(
      `SHIP blocked: verify says ${describe(result)}. Close ${slug} as NO-SHIP or ABANDON, or redirect it.`,
      ...(result.files.length > 0 ? ['Review Changes'] : []),
      'Redirect…',
    );
    if (choice === 'Review Changes') await reviewChanges(services)(slug);
    if (choice === 'Redirect…') await vscode.commands.executeCommand(COMMANDS.redirect, slug);
    throw new Cancelled();
  }
  const bare = bareName(slug);
  // A reviewer session is the usual way through; typing the slug is the person's override.
  const choice = await vscode.window.showWarningMessage(
    `SHIP needs a code review: verify says ${describe(result)}.`,
    {
      modal: true,
      detail:
        'Request Review starts a read-only reviewer session; a review without CRITICAL findings lets SHIP through.',
    },
    'Request Review',
    'SHIP Anyway…',
  );
  if (choice === 'Request Review') {
    await vscode.commands.executeCommand(COMMANDS.requestReview, slug);
    throw new Cancelled();
  }
  if (choice !== 'SHIP Anyway…') throw new Cancelled();
  await ask({
    title: `SHIP despite NEEDS-CODE-REVIEW?`,
    prompt: `Verify says ${describe(result)}. Type ${bare} to SHIP anyway (the override is recorded in the ledger).`,
    validateInput: (v) => (v.trim() === bare || v.trim() === slug ? undefined : `Type ${bare} to confirm.`),
  });
  // Short and fixed-size, so a long list of flagged files cannot make every summary too long.
  return `slug typed in VS Code over ${result.reasons.length} flag${result.reasons.length === 1 ? '' : 's'}`;
}

export function closeWith(services: Services, fixed?: Outcome) {
  /** `summaryArg` lets scripts and tests close without the input box (the SHIP gate still applies). */
  return async (node?: unknown, summaryArg?: unknown) => {
    const session = await pickSession(services, node, 'Close which session?', ['done', 'gone', 'timed-out']);
    let outcome = fixed;
    if (!outcome) {
      const picked = await vscode.window.showQuickPick([...OUTCOMES], {
        title: `Close ${session.slug} as…`,
      });
      if (!picked || !isOutcome(picked)) throw new Cancelled();
      outcome = picked;
    }
    const acceptReview = outcome === 'SHIP' ? await shipGate(services, session.slug) : undefined;
    const override = acceptReview ? ` (SHIP over NEEDS-CODE-REVIEW: ${acceptReview})` : '';
    const summary =
      typeof summaryArg === 'string'
        ? summaryArg
        : await ask({
            title: `${outcome} ${session.slug}: ledger summary`,
            prompt: 'One line: what the session did (no "|")',
            validateInput: (v) => {
              try {
                validateSummary(`${v}${override}`);
                return undefined;
              } catch (error) {
                return (error as Error).message;
              }
            },
          });
    const director = services.director();
    const result = await withProgress(`Closing ${session.slug} as ${outcome}`, (signal, report) =>
      director
        .reporting(report)
        .close(session.slug, { outcome: outcome!, summary: summary.trim(), acceptReview, signal }),
    );
    // Branch pruning is housekeeping the user opted into: logged, with the commit that restores each.
    for (const pruned of result.pruned) services.log.info(prunedLine(pruned));
    for (const problem of result.pruneProblems) services.log.warn(`branch pruning: ${problem}`);
    services.ledger.post();
    await services.store.refresh();
    const note = result.transcript.exported
      ? ''
      : ` (transcript not exported: ${result.transcript.reason ?? 'unknown'})`;
    void vscode.window.showInformationMessage(`Closed ${session.slug} as ${outcome}${note}.`);
    return result;
  };
}
