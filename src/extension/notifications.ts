/**
 * Notifications when a session needs the director: a permission prompt (the exact command,
 * Allow / Deny), a question (Answer…), done (Verify / Review Changes), timed out or gone
 * (Focus Pane / Close). Only transitions that really happened reach here (the store compares
 * each refresh with the last), and a notice is never shown for a state the session already left.
 * A window's first reading (a reload) repeats only what still waits for the user: a permission or
 * a question; the rest is in the tree. A stopped multiplexer server is one warning, not a gone per
 * session.
 */
import * as vscode from 'vscode';
import { permissionLine, promptLine } from '../director';
import { COMMANDS } from './constants';
import type { SessionState } from '../core/sessionState';
import type { SessionStore, Transition } from './sessionStore';
import { remedyAction } from './commands/ui';
import { staleNotice, type NoticeSubject } from './staleNotice';

/** States that hold the agent until the user acts: a reloaded window asks again. */
const WAITING_FOR_USER: readonly SessionState[] = ['needs-permission', 'question'];

export function notifyTransitions(store: SessionStore): vscode.Disposable {
  /**
   * A click on a notice the session has moved past (a done that was redirected, a prompt answered
   * in the pane, a slug closed and spawned again) does nothing stale.
   */
  const subject = (slug: string): NoticeSubject | undefined => {
    const session = store.find(slug);
    return session && { state: session.state, spawnedAt: session.record.spawnedAt };
  };
  const act = async (command: string, slug: string, shown: NoticeSubject, ...extra: unknown[]) => {
    await store.refresh();
    const stale = staleNotice(slug, shown, subject(slug));
    if (stale) {
      void vscode.window.showInformationMessage(stale);
      return;
    }
    await vscode.commands.executeCommand(command, slug, ...extra);
  };
  const serverStopped = store.onServerStopped(async (down) => {
    const action = remedyAction(down.remedy);
    const choice = await vscode.window.showWarningMessage(down.message, ...(action ? [action.label] : []));
    if (action && choice === action.label) await vscode.commands.executeCommand(action.command, ...action.args);
  });
  const transitions = store.onDidTransition(async ({ session, to, initial }: Transition) => {
    const slug = session.slug;
    const shown: NoticeSubject = { state: to, spawnedAt: session.record.spawnedAt };
    if (initial && !WAITING_FOR_USER.includes(to)) return;
    // The server's own warning says why: one notice, not one per session.
    if (to === 'gone' && store.multiplexerDown) return;
    if (to === 'needs-permission') {
      // The answer is bound to the prompt shown here: a newer prompt is never approved by it.
      const ask = session.activity?.permission;
      const what = ask
        ? permissionLine(ask)
        : session.screen?.kind === 'permission'
          ? promptLine(session.screen)
          : undefined;
      const choice = await vscode.window.showWarningMessage(
        `${slug} asks to run ${what ?? 'something (see its pane)'}`,
        'Allow',
        'Deny',
      );
      if (choice === 'Allow') await act(COMMANDS.approvePermission, slug, shown, what);
      if (choice === 'Deny') await act(COMMANDS.denyPermission, slug, shown, what);
    } else if (to === 'question') {
      const question = session.question ?? '';
      const choice = await vscode.window.showInformationMessage(
        `${slug} asks: ${question || '(see its pane)'}`,
        'Answer…',
      );
      if (choice) await act(COMMANDS.answerQuestion, slug, shown);
    } else if (to === 'done') {
      const choice = await vscode.window.showInformationMessage(`${slug} signalled done.`, 'Verify', 'Review Changes');
      if (choice === 'Verify') await act(COMMANDS.verify, slug, shown);
      if (choice === 'Review Changes') await act(COMMANDS.reviewChanges, slug, shown);
    } else if (to === 'timed-out' || to === 'gone') {
      const choice = await vscode.window.showWarningMessage(
        to === 'gone' ? `${slug}'s pane is gone.` : `${slug} timed out without signalling.`,
        ...(to === 'gone' ? [] : ['Focus Pane']),
        'Close',
      );
      if (choice === 'Focus Pane') await act(COMMANDS.focusPane, slug, shown);
      if (choice === 'Close') await act(COMMANDS.closeSession, slug, shown);
    }
  });
  return vscode.Disposable.from(serverStopped, transitions);
}
