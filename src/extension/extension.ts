/**
 * Composition root: builds the services once, registers every disposable, and never throws
 * from activation — a missing multiplexer or an untrusted folder becomes a welcome view state.
 */
import * as vscode from 'vscode';
import { Director, errorInfo, isGitWorkspace } from '../director';
import { BaselineContentProvider } from './baselineDocuments';
import { registerCommands } from './commands';
import { BASELINE_SCHEME, STATE_KEY, VIEWS, type DirectorUiState } from './constants';
import { Ledger, LedgerPanel } from './ledgerPanel';
import { LedgerViewProvider } from './ledgerView';
import { notifyTransitions } from './notifications';
import type { Services } from './services';
import { SessionStore } from './sessionStore';
import { SessionTreeProvider } from './sessionTree';
import { directorSettings } from './settings';
import { createStatusBar } from './statusBar';
import { reviewDiagnostics } from './reviewDiagnostics';
import { watchSessionFiles } from './watchers';

/** What activate() returns: used by the extension-host tests, stable enough for scripts. */
export interface DirectorApi {
  readonly services: Services;
  readonly tree: SessionTreeProvider;
  state(): DirectorUiState;
  backendReason(): string;
}

function classify(error: unknown): DirectorUiState {
  switch (errorInfo(error).code) {
    case 'multiplexer-refused':
      return 'cmuxRefused';
    case 'no-multiplexer':
      return 'noMultiplexer';
    case 'not-git':
      return 'notGit';
    default:
      return 'error';
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<DirectorApi> {
  const log = vscode.window.createOutputChannel('Director', { log: true });
  const store = new SessionStore(log);
  const root = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const sidebarLedger = new LedgerViewProvider(context.extensionUri, root, log);
  const ledger = new Ledger(sidebarLedger, new LedgerPanel(context.extensionUri, root, log));
  const tree = new SessionTreeProvider(store, root);
  const treeView = vscode.window.createTreeView(VIEWS.sessions, { treeDataProvider: tree, showCollapseAll: true });
  let uiState: DirectorUiState = 'starting';
  let reason = '';
  let watcher: vscode.Disposable | undefined;

  // The backend goes in the view's description: a tree message would hide the welcome content.
  const setState = async (state: DirectorUiState, backend?: string) => {
    uiState = state;
    treeView.description = backend;
    await vscode.commands.executeCommand('setContext', STATE_KEY, state);
  };

  const reconnect = async (): Promise<void> => {
    store.attach(undefined);
    watcher?.dispose();
    watcher = undefined;
    const folder = root();
    if (!folder) return setState('noFolder');
    if (!vscode.workspace.isTrusted) return setState('untrusted');
    await setState('starting');
    try {
      const director = await Director.open({
        cwd: folder,
        overrides: directorSettings(),
        ignoreWorkspaceSettings: true,
        observer: (call) =>
          log.info(`${call.argv.join(' ')} → ${call.exitCode ?? 'killed'} in ${call.ms.toFixed(0)} ms`),
      });
      reason = director.backendReason;
      log.info(`multiplexer: ${reason}`);
      store.attach(director);
      watcher = watchSessionFiles(
        folder,
        () => void store.refresh(),
        () => ledger.post(),
      );
      if (!(await isGitWorkspace(folder))) return setState('notGit');
      await setState('ready', director.describeBackend());
      treeView.message = undefined;
    } catch (error) {
      const state = classify(error);
      reason = error instanceof Error ? error.message : String(error);
      log.error(`not ready (${state}): ${reason}`);
      await setState(state);
    }
  };

  const services: Services = {
    context,
    log,
    store,
    ledger,
    treeView,
    root,
    reconnect,
    director: () => {
      const director = store.current;
      if (!director || uiState === 'notGit') {
        throw new Error(
          uiState === 'notGit'
            ? 'This folder is not a git repository: run Director: Set Up Workspace.'
            : `cmux Director is not ready (${uiState}): ${reason || 'see the Director output'}`,
        );
      }
      return director;
    },
  };

  context.subscriptions.push(
    log,
    store,
    tree,
    treeView,
    ledger,
    vscode.window.registerWebviewViewProvider(VIEWS.ledger, sidebarLedger),
    vscode.workspace.registerTextDocumentContentProvider(
      BASELINE_SCHEME,
      new BaselineContentProvider(() => store.current),
    ),
    ...registerCommands(services),
    notifyTransitions(store),
    createStatusBar(store),
    reviewDiagnostics(store, root),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('director')) void reconnect();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void reconnect()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void reconnect()),
    { dispose: () => watcher?.dispose() },
  );
  await reconnect();
  return { services, tree, state: () => uiState, backendReason: () => reason };
}

export function deactivate(): void {
  // Disposables registered in activate() stop the waits (abandoning, never killing, tmux waiters).
}
