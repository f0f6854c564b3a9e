/** The small services object built once in activate() and handed to every command. */
import type * as vscode from 'vscode';
import type { Director } from '../director';
import type { Ledger } from './ledgerPanel';
import type { SessionStore } from './sessionStore';
import type { DirectorNode } from './sessionTree';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly store: SessionStore;
  readonly ledger: Ledger;
  readonly treeView: vscode.TreeView<DirectorNode>;
  /** The workspace folder the director works in, if any. */
  root(): string | undefined;
  /** The ready director, or a thrown error that says what is missing. */
  director(): Director;
  /** Re-detects the multiplexer and re-reads settings. */
  reconnect(): Promise<void>;
}
