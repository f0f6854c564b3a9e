/** Shared command plumbing: picking a session, progress with cancellation, error reporting. */
import * as vscode from 'vscode';
import type { SessionState } from '../../core/sessionState';
import { errorInfo, type Remedy } from '../../director';
import { COMMANDS } from '../constants';
import type { Services } from '../services';
import type { SessionView } from '../sessionStore';
import type { DirectorNode } from '../sessionTree';

/** A director remedy as a button: its label and the command it runs. */
export function remedyAction(remedy: Remedy): { label: string; command: string; args: unknown[] } | undefined {
  const args = remedy.slug ? [remedy.slug] : [];
  switch (remedy.operation) {
    case 'close-abandon':
      return { label: 'Close as ABANDON', command: COMMANDS.closeAbandon, args };
    case 'close-no-ship':
      return { label: 'Close as NO-SHIP', command: COMMANDS.closeNoShip, args };
    case 'accept-review':
      return { label: 'Close as SHIP…', command: COMMANDS.closeShip, args };
    case 'approve':
      return { label: 'Focus Pane', command: COMMANDS.focusPane, args };
    case 'wait':
      return { label: 'Wait for Session', command: COMMANDS.waitForSession, args };
    case 'spawn':
      return { label: 'Spawn Session', command: COMMANDS.spawnSession, args };
    case 'draft':
      return { label: 'Draft Task', command: COMMANDS.draftTask, args: [] };
    case 'status':
      return { label: 'Focus Pane', command: COMMANDS.focusPane, args };
    case 'set-up-workspace':
      return { label: 'Set Up Workspace', command: COMMANDS.setUpWorkspace, args: [] };
    case 'retry-backend':
      return { label: 'Retry Detection', command: COMMANDS.retryBackend, args: [] };
    case 'open-settings':
      return { label: 'Open Settings', command: COMMANDS.openSettings, args: [] };
    default:
      return undefined;
  }
}

export class Cancelled extends Error {
  override name = 'Cancelled';
}

/** The session a command acts on: the tree node it was invoked on, else a quick pick. */
export async function pickSession(
  services: Services,
  node: unknown,
  title: string,
  prefer?: readonly SessionState[],
): Promise<SessionView> {
  const tree = typeof node === 'object' && node !== null ? (node as DirectorNode) : undefined;
  const fromNode = tree && 'session' in tree ? tree.session : undefined;
  if (fromNode) return services.store.find(fromNode.slug) ?? fromNode;
  if (typeof node === 'string') {
    const byName = services.store.find(node);
    if (byName) return byName;
  }
  await services.store.refresh();
  const sessions = [...services.store.sessions].sort(
    (a, b) => Number(prefer?.includes(b.state) ?? 0) - Number(prefer?.includes(a.state) ?? 0),
  );
  if (sessions.length === 0)
    throw new Error('There are no open implementer sessions: spawn one first (Director: Spawn Session).');
  if (sessions.length === 1) return sessions[0]!;
  const picked = await vscode.window.showQuickPick(
    sessions.map((s) => ({ label: s.slug, description: s.state, session: s })),
    { title, placeHolder: 'Which session?', ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.session;
}

export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value;
}

/** Runs long work with a cancellable progress notification; cancelling aborts the signal. */
export function withProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return work(controller.signal, (message) => progress.report({ message }));
      },
    ),
  );
}

/** Wraps a handler: cancelled inputs end quietly, errors are shown once and logged. */
export function guarded<A extends unknown[]>(
  services: Services,
  id: string,
  handler: (...args: A) => Promise<unknown>,
): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof Cancelled) return undefined;
      const info = errorInfo(error);
      services.log.error(`${id}: [${info.code}] ${info.message}`);
      const action = info.remedy ? remedyAction(info.remedy) : undefined;
      void vscode.window.showErrorMessage(info.message, ...(action ? [action.label] : [])).then((choice) => {
        if (action && choice === action.label) void vscode.commands.executeCommand(action.command, ...action.args);
      });
      return undefined;
    }
  };
}
