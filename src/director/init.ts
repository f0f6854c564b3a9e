/**
 * init: what an orchestrating Claude Code session needs in a repository, set up in one step and
 * idempotent: tmp/sessions/ ignored by git; `.claude/settings.local.json` allowing the director's
 * CLI, the multiplexer's CLI and `git -C` (merged into the user's rules, never replacing them);
 * a CLAUDE.md section with the director's rules; the MCP server registered in `.mcp.json`.
 * `planInit` says what would change (VS Code shows it first); `applyInit` writes it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import type { BackendKind } from '../core/backend';
import { OUTCOMES } from '../core/ledger';
import { DirectorError } from './context';
import { ensureIgnored } from './draft';
import { SESSIONS_DIR } from './paths';

export interface InitChange {
  /** Workspace-relative file. */
  readonly file: string;
  readonly what: string;
  readonly content: string;
}

const BEGIN = '<!-- cmux-director:begin (managed by `cmux-director init`; edits inside are replaced) -->';
const END = '<!-- cmux-director:end -->';

export function claudeMdSection(backend: BackendKind): string {
  return [
    BEGIN,
    '## Director rules (cmux Director)',
    '',
    'This session directs implementer sessions; it never writes code itself.',
    '',
    '- Draft a task, then spawn it: `cmux-director draft <slug> --goal "..." --scope "src/**"`, `cmux-director spawn <slug>` (or the MCP tools of the `cmux-director` server).',
    '- Wait for a session ONLY with a background Bash (run_in_background: true) and a timeout: `cmux-director wait <slug> --timeout 1200`. Never poll, never sleep.',
    "- Never SHIP on a session's self-report: run `cmux-director verify <slug>`; the disk is the evidence. NO-SHIP → redirect it with the fix; NEEDS-CODE-REVIEW → review the diff before SHIP.",
    '- Answer permission requests with `cmux-director approve <slug> --yes|--no`; answer questions with `cmux-director redirect <slug> --message "..."`.',
    `- Keep raw \`${backend}\` commands out of this conversation; the director's operations do that work.`,
    '',
    `Close every session with exactly one ledger line: \`cmux-director close <slug> --outcome ${OUTCOMES.join('|')} --summary "<what changed, naming files>"\`.`,
    '',
    '- GOOD: `2026-05-15T21:28:26+05:30 | SHIP | tools-docstrings | Expanded module docstrings across 10 tool modules`',
    '- BAD: `2026-05-15T00:00:00 | SHIPPED | impl-tools-docstrings | done` (invented time, wrong outcome word, prefixed slug, vague summary)',
    END,
  ].join('\n');
}

function readJson(root: string, file: string): Record<string, unknown> {
  const path = join(root, file);
  if (!existsSync(path)) return {};
  const errors: ParseError[] = [];
  const data: unknown = parse(readFileSync(path, 'utf8'), errors, { allowTrailingComma: true });
  if (errors.length > 0 || typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DirectorError(`${file} is not valid JSON: fix it, then run init again (nothing was changed).`);
  }
  return data as Record<string, unknown>;
}

/** The MCP server's name in .mcp.json: its tools are `mcp__cmux-director__<tool>` to Claude Code. */
const MCP_SERVER = 'cmux-director';

export function planInit(root: string, backend: BackendKind): InitChange[] {
  const changes: InitChange[] = [];
  // Claude Code's permission rules: merged, never replaced.
  const localFile = '.claude/settings.local.json';
  const local = readJson(root, localFile);
  const permissions = (
    typeof local['permissions'] === 'object' && local['permissions'] !== null ? local['permissions'] : {}
  ) as Record<string, unknown>;
  const allow = Array.isArray(permissions['allow'])
    ? (permissions['allow'] as unknown[]).filter((r): r is string => typeof r === 'string')
    : [];
  const wanted = ['Bash(cmux-director:*)', `Bash(${backend}:*)`, 'Bash(git -C:*)', `mcp__${MCP_SERVER}__*`];
  const missing = wanted.filter((rule) => !allow.includes(rule));
  // Servers in .mcp.json run only once approved: the approval goes where the user's own would.
  const enabled = Array.isArray(local['enabledMcpjsonServers'])
    ? (local['enabledMcpjsonServers'] as unknown[]).filter((r): r is string => typeof r === 'string')
    : [];
  const approve = !enabled.includes(MCP_SERVER);
  if (missing.length > 0 || approve) {
    const next = {
      ...local,
      permissions: { ...permissions, allow: [...allow, ...missing] },
      ...(approve ? { enabledMcpjsonServers: [...enabled, MCP_SERVER] } : {}),
    };
    changes.push({
      file: localFile,
      what: [
        missing.length > 0 ? `allow ${missing.join(', ')}` : '',
        approve ? `approve the ${MCP_SERVER} MCP server` : '',
      ]
        .filter(Boolean)
        .join('; '),
      content: JSON.stringify(next, null, 2) + '\n',
    });
  }
  // The director's rules in CLAUDE.md, once (a managed block).
  const mdPath = join(root, 'CLAUDE.md');
  const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
  const section = claudeMdSection(backend);
  const start = md.indexOf(BEGIN.slice(0, 30));
  const end = start >= 0 ? md.indexOf(END, start) : -1;
  if (start >= 0 && end < 0)
    throw new DirectorError(
      'CLAUDE.md has the start of the cmux-director section but not its end marker: restore `<!-- cmux-director:end -->` after it (nothing was changed).',
    );
  const nextMd =
    start >= 0 && end > start
      ? md.slice(0, start) + section + md.slice(end + END.length)
      : `${md}${md === '' || md.endsWith('\n\n') ? '' : md.endsWith('\n') ? '\n' : '\n\n'}${section}\n`;
  if (nextMd !== md)
    changes.push({
      file: 'CLAUDE.md',
      what: start >= 0 ? 'update the director rules section' : 'add the director rules section',
      content: nextMd,
    });
  // The MCP server for the project.
  const mcpFile = '.mcp.json';
  const mcp = readJson(root, mcpFile);
  const servers = (
    typeof mcp['mcpServers'] === 'object' && mcp['mcpServers'] !== null ? mcp['mcpServers'] : {}
  ) as Record<string, unknown>;
  const server = { command: 'cmux-director', args: ['mcp'] };
  if (JSON.stringify(servers[MCP_SERVER]) !== JSON.stringify(server)) {
    changes.push({
      file: mcpFile,
      what: 'register the cmux-director MCP server',
      content: JSON.stringify({ ...mcp, mcpServers: { ...servers, [MCP_SERVER]: server } }, null, 2) + '\n',
    });
  }
  return changes;
}

export async function applyInit(root: string, changes: readonly InitChange[]): Promise<{ gitignoreUpdated: boolean }> {
  for (const change of changes) {
    const path = join(root, change.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, change.content);
  }
  mkdirSync(join(root, SESSIONS_DIR), { recursive: true });
  return { gitignoreUpdated: await ensureIgnored(root) };
}
