/**
 * cmux's Feed: when Claude Code runs through cmux's own `claude` wrapper, the wrapper's hooks park
 * each permission request there (for up to about two minutes) until someone answers it over the
 * socket: `cmux rpc feed.list` lists items, `cmux rpc feed.permission.reply {request_id, mode}`
 * answers one (`once` = this one call, `deny`). The shapes follow the documented items
 * (`kind: "permissionRequest"`, `status: "pending"`, `request_id`, `tool_name`, `tool_input` as a
 * JSON string, `cwd`); unknown fields are ignored so newer cmux builds still parse.
 */
import { z } from 'zod';

const feedItemSchema = z.looseObject({
  id: z.string().nullish(),
  request_id: z.string().nullish(),
  kind: z.string(),
  status: z.string().nullish(),
  tool_name: z.string().nullish(),
  /** cmux keeps the tool's arguments as its own JSON-encoded string; older builds sent an object. */
  tool_input: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  cwd: z.string().nullish(),
  created_at: z.union([z.string(), z.number()]).nullish(),
});
const feedListSchema = z.looseObject({ items: z.array(z.unknown()).default([]) });

/** A permission request waiting in cmux's Feed. */
export interface FeedPermission {
  readonly requestId: string;
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly cwd: string;
}

/** The pending permission requests in a `feed.list` result (other kinds and answered ones skipped). */
export function parseFeedPermissions(text: string): FeedPermission[] {
  const list = feedListSchema.parse(JSON.parse(text));
  return list.items.flatMap((raw) => {
    const item = feedItemSchema.safeParse(raw);
    if (!item.success) return [];
    const { kind, status, request_id, tool_name, tool_input, cwd } = item.data;
    if (kind !== 'permissionRequest' || status !== 'pending' || !request_id) return [];
    return [{ requestId: request_id, tool: tool_name ?? '', input: toolInput(tool_input), cwd: cwd ?? '' }];
  });
}

function toolInput(raw: string | Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (typeof raw !== 'string') return raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The Feed's answer for one call: never `always`, `all` or `bypass` (they change the session's rules). */
export const feedReplyMode = (allow: boolean) => (allow ? 'once' : 'deny');

/** Where a multiplexer has a permission feed (cmux), the director can answer requests parked there. */
export interface PermissionFeed {
  pendingPermissions(): Promise<FeedPermission[]>;
  replyPermission(requestId: string, allow: boolean): Promise<void>;
}
