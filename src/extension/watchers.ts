/** Watches tmp/sessions/ so changes made by the CLI (or another window) show up at once. */
import * as vscode from 'vscode';
import { LEDGER_FILE, SESSIONS_DIR } from '../director';

export function watchSessionFiles(root: string, onSessions: () => void, onLedger: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, `${SESSIONS_DIR}/*`));
  let timer: NodeJS.Timeout | undefined;
  const changed = (uri: vscode.Uri) => {
    if (uri.fsPath.endsWith(LEDGER_FILE.split('/').pop()!)) onLedger();
    // Records change in bursts (spawn writes several times): refresh once per burst.
    if (timer) clearTimeout(timer);
    timer = setTimeout(onSessions, 200);
  };
  return vscode.Disposable.from(
    watcher,
    watcher.onDidChange(changed),
    watcher.onDidCreate(changed),
    watcher.onDidDelete(changed),
    {
      dispose: () => {
        if (timer) clearTimeout(timer);
      },
    },
  );
}
