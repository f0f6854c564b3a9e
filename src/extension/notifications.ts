/**
 * Notifications when a session needs the director: a permission prompt (the exact command,
 * Allow / Deny), a question (Answer…), done (Verify / Review Changes), timed out or gone
 * (Focus Pane / Close).
 */
import * as vscode from 'vscode';
import { permissionLine, promptLine } from '../director';
import { COMMANDS } from './constants';
import type { SessionStore, Transition } from './sessionStore';

async function act(command: string, slug: string, ...extra: unknown[]): Promise<void> {
  await vscode.commands.executeCommand(command, slug, ...extra);
}

export function notifyTransitions(store: SessionStore): vscode.Disposable {
  return store.onDidTransition(async ({ session, to }: Transition) => {
    const slug = session.slug;
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
      if (choice === 'Allow') await act(COMMANDS.approvePermission, slug, what);
      if (choice === 'Deny') await act(COMMANDS.denyPermission, slug, what);
    } else if (to === 'question') {
      const question = session.question ?? '';
      const choice = await vscode.window.showInformationMessage(
        `${slug} asks: ${question || '(see its pane)'}`,
        'Answer…',
      );
      if (choice) await act(COMMANDS.answerQuestion, slug);
    } else if (to === 'done') {
      const choice = await vscode.window.showInformationMessage(`${slug} signalled done.`, 'Verify', 'Review Changes');
      if (choice === 'Verify') await act(COMMANDS.verify, slug);
      if (choice === 'Review Changes') await act(COMMANDS.reviewChanges, slug);
    } else if (to === 'timed-out' || to === 'gone') {
      const choice = await vscode.window.showWarningMessage(
        to === 'gone' ? `${slug}'s pane is gone.` : `${slug} timed out without signalling.`,
        ...(to === 'gone' ? [] : ['Focus Pane']),
        'Close',
      );
      if (choice === 'Focus Pane') await act(COMMANDS.focusPane, slug);
      if (choice === 'Close') await act(COMMANDS.closeSession, slug);
    }
  });
}
