/**
 * Notifications when a session needs the director: a permission prompt (the exact command,
 * Allow / Deny), a question (Answer…), done (Verify / Review Changes), timed out or gone
 * (Focus Pane / Close).
 */
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSlug } from '../core/slug';
import { sessionFiles } from '../director/paths';
import { COMMANDS } from './constants';
import type { SessionStore, Transition } from './sessionStore';

async function act(command: string, slug: string): Promise<void> {
  await vscode.commands.executeCommand(command, slug);
}

export function notifyTransitions(store: SessionStore, root: () => string | undefined): vscode.Disposable {
  return store.onDidTransition(async ({ session, to }: Transition) => {
    const slug = session.slug;
    if (to === 'needs-permission') {
      const what = session.screen?.kind === 'permission' ? `${session.screen.title}: ${session.screen.command}` : 'a permission';
      const choice = await vscode.window.showWarningMessage(`${slug} asks to run ${what}`, 'Allow', 'Deny');
      if (choice === 'Allow') await act(COMMANDS.approvePermission, slug);
      if (choice === 'Deny') await act(COMMANDS.denyPermission, slug);
    } else if (to === 'question') {
      let question = '';
      try { question = readFileSync(join(root() ?? '', sessionFiles(parseSlug(slug)).question), 'utf8').trim().split('\n')[0] ?? ''; } catch { /* no file */ }
      const choice = await vscode.window.showInformationMessage(`${slug} asks: ${question || '(see its pane)'}`, 'Answer…');
      if (choice) await act(COMMANDS.answerQuestion, slug);
    } else if (to === 'done') {
      const choice = await vscode.window.showInformationMessage(`${slug} signalled done.`, 'Verify', 'Review Changes');
      if (choice === 'Verify') await act(COMMANDS.verify, slug);
      if (choice === 'Review Changes') await act(COMMANDS.reviewChanges, slug);
    } else if (to === 'timed-out' || to === 'gone') {
      const choice = await vscode.window.showWarningMessage(to === 'gone' ? `${slug}'s pane is gone.` : `${slug} timed out without signalling.`, ...(to === 'gone' ? [] : ['Focus Pane']), 'Close');
      if (choice === 'Focus Pane') await act(COMMANDS.focusPane, slug);
      if (choice === 'Close') await act(COMMANDS.closeSession, slug);
    }
  });
}
