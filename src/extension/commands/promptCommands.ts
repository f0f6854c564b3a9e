/** Approve / Deny a permission prompt, Answer a question, Redirect a session. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ask, pickSession, withProgress } from './ui';

export function answerPermission(services: Services, answer: 'yes' | 'no') {
  return async (node?: unknown, expectedPrompt?: unknown) => {
    const session = await pickSession(
      services,
      node,
      answer === 'yes' ? 'Approve which prompt?' : 'Deny which prompt?',
      ['needs-permission'],
    );
    const result = await services
      .director()
      .approve(session.slug, answer, typeof expectedPrompt === 'string' ? expectedPrompt : undefined);
    await services.store.refresh();
    if (result.kind === 'NO-PROMPT')
      void vscode.window.showInformationMessage(
        `${session.slug} is not showing a permission prompt; nothing was sent.`,
      );
    else
      void vscode.window.showInformationMessage(
        `${result.kind === 'APPROVED' ? 'Approved' : 'Denied'} for ${session.slug}: ${result.prompt}`,
      );
    return result;
  };
}

export function redirectSession(services: Services, mode: 'answer' | 'redirect') {
  return async (node?: unknown, messageArg?: unknown) => {
    const session = await pickSession(
      services,
      node,
      mode === 'answer' ? 'Answer which question?' : 'Redirect which session?',
      mode === 'answer' ? ['question'] : ['idle', 'done'],
    );
    const director = services.director();
    let question = '';
    if (mode === 'answer') {
      question = director.pendingQuestion(session.slug) ?? '';
    }
    const message =
      typeof messageArg === 'string'
        ? messageArg
        : await ask({
            title: mode === 'answer' ? `Answer ${session.slug}` : `Redirect ${session.slug}`,
            prompt:
              mode === 'answer'
                ? question
                  ? `Question: ${question.split('\n').join(' ').slice(0, 300)}`
                  : 'The session signalled a question (no question file).'
                : 'The correction to send (long text goes through a file)',
            validateInput: (v) => (v.trim() ? undefined : 'Type the message.'),
          });
    const result = await withProgress(`Sending to ${session.slug}`, (signal) =>
      director.redirect(session.slug, message, { signal }),
    );
    await services.store.refresh();
    void vscode.window.showInformationMessage(
      `${mode === 'answer' ? 'Answered' : 'Redirected'} ${session.slug}${result.file ? ` via ${result.file}` : ''}.`,
    );
    return result;
  };
}
