/** Shared command plumbing: picking a session, progress with cancellation, error reporting. */
import * as vscode from 'vscode';
import type { SessionState } from '../../core/sessionState';
import type { Services } from '../services';
import type { SessionView } from '../sessionStore';
import type { DirectorNode } from '../sessionTree';

export class Cancelled extends Error {
  override name = 'Cancelled';
}

/** The session a command acts on: the tree node it was invoked on, else a quick pick. */
export async function pickSession(services: Services, node: unknown, title: string, prefer?: readonly SessionState[]): Promise<SessionView> {
  const fromNode = (node as DirectorNode | undefined)?.session;
  if (fromNode) return services.store.find(fromNode.slug) ?? fromNode;
  if (typeof node === 'string') {
    const byName = services.store.find(node);
    if (byName) return byName;
  }
  await services.store.refresh();
  const sessions = [...services.store.sessions].sort((a, b) => Number(prefer?.includes(b.state) ?? 0) - Number(prefer?.includes(a.state) ?? 0));
  if (sessions.length === 0) throw new Error('There are no open implementer sessions: spawn one first (Director: Spawn Session).');
  if (sessions.length === 1) return sessions[0]!;
  const picked = await vscode.window.showQuickPick(sessions.map((s) => ({ label: s.slug, description: s.state, session: s })), { title, placeHolder: 'Which session?', ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.session;
}

export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value;
}

/** Runs long work with a cancellable progress notification; cancelling aborts the signal. */
export function withProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return work(controller.signal, (message) => progress.report({ message }));
  }));
}

/** Wraps a handler: cancelled inputs end quietly, errors are shown once and logged. */
export function guarded<A extends unknown[]>(services: Services, id: string, handler: (...args: A) => Promise<unknown>): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof Cancelled) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      services.log.error(`${id}: ${message}`);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  };
}
