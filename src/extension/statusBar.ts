/** Status bar item: running and needs-you counts; a click focuses the Sessions view. */
import * as vscode from 'vscode';
import { VIEWS } from './constants';
import type { SessionStore } from './sessionStore';

export function createStatusBar(store: SessionStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('director.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'cmux Director';
  item.command = `${VIEWS.sessions}.focus`;
  // The store changes on every hook event: the window is sent the item only when it reads differently.
  let shown: string | undefined;
  const update = () => {
    const sessions = store.sessions;
    const key = JSON.stringify(sessions.map((s) => [s.slug, s.state]));
    if (key === shown) return;
    shown = key;
    const running = sessions.filter((s) => s.state === 'running').length;
    const needsYou = sessions.filter((s) =>
      ['needs-permission', 'question', 'done', 'timed-out', 'gone'].includes(s.state),
    ).length;
    if (sessions.length === 0) {
      item.hide();
      return;
    }
    item.text = `$(pulse) ${running} running${needsYou > 0 ? ` · $(bell) ${needsYou} need${needsYou === 1 ? 's' : ''} you` : ''}`;
    item.tooltip = sessions.map((s) => `${s.slug}: ${s.state}`).join('\n');
    item.backgroundColor = needsYou > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const subscription = store.onDidChange(update);
  update();
  return vscode.Disposable.from(item, subscription);
}
