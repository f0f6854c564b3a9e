/**
 * The page around a bundled webview script: a nonce CSP (scripts and inline styles only with the
 * nonce, nothing from the network), the script through asWebviewUri.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

export function webviewHtml(
  webview: vscode.Webview,
  media: vscode.Uri,
  page: { script: string; title: string; style: string; body: string },
): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, page.script));
  const csp = `default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${page.style}</style>
<title>${page.title}</title></head>
<body>
${page.body}
  <script nonce="${nonce}" src="${script}"></script>
</body></html>`;
}

/** Outcome colours shared by the sidebar list and the panel (theme colours: readable in every theme). */
export const OUTCOME_STYLE = `
  .badge { display: inline-block; padding: 0 5px; border-radius: 3px; font-size: 0.85em; font-weight: 600;
    line-height: 1.5; white-space: nowrap; border: 1px solid currentColor; }
  .outcome-SHIP { color: var(--vscode-testing-iconPassed, #388a34); }
  .outcome-NO-SHIP { color: var(--vscode-testing-iconFailed, #e51400); }
  .outcome-ABANDON { color: var(--vscode-descriptionForeground); }
  .outcome-MALFORMED { color: var(--vscode-errorForeground); }
`;
