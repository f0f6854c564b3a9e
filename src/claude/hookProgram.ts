/**
 * The hook program Claude Code runs for every event of a director-launched session. It is a
 * POSIX sh script, not a Node program: hooks run in the pane's shell, where `node` may not be on
 * PATH (Claude Code's native installer needs none). spawn writes it next to the session files, so
 * sessions keep working when the extension is updated or moved.
 *
 * Each call appends one line to the session's event log:
 * `{"pid":<hook pid>,"gen":"<DIRECTOR_GENERATION>","agent":<pid or 0>,"event":<stdin>}`.
 * A PermissionRequest is held until the director writes `<answer prefix><pid>` (`allow` or
 * `deny`) or the hold runs out; the outcome is logged as `{"pid":…,"answer":"allow|deny|expired"}`.
 * The session's own signal commands (`<signal prefix><8 hex>-done|-question`) are allowed at once.
 */
export const HOOK_PROGRAM_NAME = 'director-hook.sh';

const HEX8 = '[0-9a-f]'.repeat(8);

export const HOOK_PROGRAM = `#!/bin/sh
# cmux Director session hook. Written by cmux Director at each spawn; edits are overwritten.
# sh director-hook.sh <event> <event-log> [<answer-prefix> <hold-seconds> <signal-prefix>]
event="$1"; log="$2"
input=$(cat | tr -d '\\n\\r')
# The spawn this agent belongs to (hex): its lines are told apart from a closed agent's.
case "\${DIRECTOR_GENERATION:-}" in *[!0-9a-f]*) gen='' ;; *) gen="\${DIRECTOR_GENERATION:-}" ;; esac
agent=0
if [ "$event" = SessionStart ]; then
  # Claude Code runs hooks through sh -c: the agent is our grandparent. Its pid lets the director
  # tell within seconds that the agent died without a SessionEnd (killed, crashed).
  agent=$( (awk '{print $4}' "/proc/$PPID/stat" || ps -o ppid= -p "$PPID") 2>/dev/null | tr -dc '0-9')
fi
# Appends one line under a lock: sh's printf writes large lines in pieces, and hooks run in
# parallel. A lock left by a killed hook is ignored after about two seconds.
append() {
  tries=0
  while ! mkdir "$log.lock" 2>/dev/null && [ "$tries" -lt 200 ]; do sleep 0.01; tries=$((tries + 1)); done
  printf '%s\\n' "$1" >> "$log"
  rmdir "$log.lock" 2>/dev/null
}
# An answer left for an earlier hook that had our pid is not ours (removed before we are seen).
[ "$event" = PermissionRequest ] && rm -f "$3$$"
append "{\\"pid\\":$$,\\"gen\\":\\"$gen\\",\\"agent\\":\${agent:-0},\\"event\\":\${input:-null}}"
[ "$event" = PermissionRequest ] || exit 0
answer_file="$3$$"; hold="\${4:-0}"; own="$5"
answer() {
  append "{\\"pid\\":$$,\\"gen\\":\\"$gen\\",\\"answer\\":\\"$1\\"}"
  case "$1" in
    allow) printf '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}\\n' ;;
    deny) printf '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"deny","message":"The director denied this call. Do not retry it; continue without it or ask the director."}}}\\n' ;;
  esac
  exit 0
}
if [ -n "$own" ]; then
  case "$input" in
    *'"tool_name":"Bash","tool_input":{"command":"'"$own"${HEX8}'-done"'[,}]*) answer allow ;;
    *'"tool_name":"Bash","tool_input":{"command":"'"$own"${HEX8}'-question"'[,}]*) answer allow ;;
  esac
fi
ticks=$((hold * 10))
while [ "$ticks" -gt 0 ]; do
  if [ -f "$answer_file" ]; then
    decision=$(cat "$answer_file"); rm -f "$answer_file"
    case "$decision" in allow|deny) answer "$decision" ;; esac
  fi
  sleep 0.1
  ticks=$((ticks - 1))
done
answer expired
`;
