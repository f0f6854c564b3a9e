/**
 * zod schemas and parsers for cmux CLI output (`--json --id-format both`, raw `rpc` results and
 * plain `OK surface:N …` lines). Unknown keys are ignored so newer cmux builds still parse.
 */
import { z } from 'zod';

const surfaceSchema = z.looseObject({
  id: z.string(),
  ref: z.string(),
  title: z.string().nullish(),
  type: z.string().nullish(),
});

const paneSchema = z.looseObject({
  id: z.string(),
  ref: z.string(),
  surfaces: z.array(surfaceSchema).default([]),
});

const workspaceSchema = z.looseObject({
  id: z.string(),
  ref: z.string(),
  title: z.string().nullish(),
  panes: z.array(paneSchema).default([]),
});

export const treeSchema = z.looseObject({
  windows: z.array(
    z.looseObject({ id: z.string(), ref: z.string(), workspaces: z.array(workspaceSchema).default([]) }),
  ),
});

export const splitResultSchema = z.looseObject({
  surface_id: z.string(),
  surface_ref: z.string(),
  pane_id: z.string().nullish(),
  pane_ref: z.string().nullish(),
  workspace_id: z.string(),
  workspace_ref: z.string().nullish(),
});

export const readScreenSchema = z.looseObject({ text: z.string() });

export const identifySchema = z.looseObject({
  socket_path: z.string().nullish(),
  app_cli_path: z.string().nullish(),
  bundle_identifier: z.string().nullish(),
});

/** A terminal surface with where it lives, flattened from `cmux tree`. */
export interface CmuxSurface {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly paneId: string;
  readonly workspaceId: string;
}

export class CmuxParseError extends Error {
  override name = 'CmuxParseError';
}

function parseJson<T>(what: string, schema: z.ZodType<T>, stdout: string): T {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw new CmuxParseError(`cmux ${what} did not print JSON: ${stdout.slice(0, 120)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CmuxParseError(`cmux ${what} printed unexpected JSON: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export function parseTree(stdout: string): CmuxSurface[] {
  const tree = parseJson('tree', treeSchema, stdout);
  const surfaces: CmuxSurface[] = [];
  for (const window of tree.windows)
    for (const workspace of window.workspaces)
      for (const pane of workspace.panes)
        for (const surface of pane.surfaces)
          if (!surface.type || surface.type === 'terminal')
            surfaces.push({
              id: surface.id,
              ref: surface.ref,
              title: surface.title ?? '',
              paneId: pane.id,
              workspaceId: workspace.id,
            });
  return surfaces;
}

export const parseSplitResult = (stdout: string) => parseJson('surface.split', splitResultSchema, stdout);
export const parseReadScreen = (stdout: string) => parseJson('read-screen', readScreenSchema, stdout).text;
export const parseIdentify = (stdout: string) => parseJson('identify', identifySchema, stdout);

/** Parses `OK surface:7 (UUID) workspace:2 (UUID)` into handle pairs keyed by kind. */
export function parseOkLine(line: string): Record<string, { ref: string; id?: string }> {
  const trimmed = line.trim();
  if (!trimmed.startsWith('OK')) throw new CmuxParseError(`cmux did not answer OK: ${trimmed.slice(0, 120)}`);
  const out: Record<string, { ref: string; id?: string }> = {};
  const re = /\b([a-z_]+):(\d+)(?:\s+\(([0-9A-Fa-f-]{36})\))?/g;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed))
    out[m[1]!] = { ref: `${m[1]}:${m[2]}`, ...(m[3] ? { id: m[3] } : {}) };
  return out;
}
