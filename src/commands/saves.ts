// `claude-sessions saves`: the saves in the save folder, newest first.
// This module is loaded only for saves: reading sidecars brings node:crypto, which other commands must not pay for.
import { defineCommand, JSON_OPTION } from '../cli/define.ts';
import { readSaveDir, summarizeFolder, type SaveSummary } from '../save/summaries.ts';
import { renderTable } from '../util/table.ts';
import { writeErr, writeOut } from '../util/output.ts';
import { printJson } from './context.ts';

// saves [--json]
export const savesCommand = defineCommand({
  options: {
    json: {
      ...JSON_OPTION,
      description: 'print JSON, newest first: name, path, time, sessions, sessionNames, windows, panes, bytes, last, fallback, sidecar, error',
    },
  },
  async run({ values, client }) {
    const dir = await readSaveDir(client);
    const folder = summarizeFolder(dir);
    const saves = folder.saves.reverse();
    for (const note of folder.notes) writeErr(`claude-sessions: ${note}\n`);
    if (values.json) return printJson(saves.map(toJson));
    if (saves.length === 0) return void writeOut(`no saves in ${dir}\n`);
    const rows = saves.map((save) => [
      formatLocalTime(save.time),
      'error' in save ? '?' : String(save.sessions.length),
      'error' in save ? '?' : String(save.panes),
      formatBytes(save.bytes),
      save.last ? 'last' : save.fallback ? 'restore' : '',
      save.name,
    ]);
    writeOut(renderTable(['TIME', 'SESSIONS', 'PANES', 'SIZE', '', 'FILE'], rows));
    writeOut(`${saves.length} save${saves.length === 1 ? '' : 's'} in ${dir}\n`);
    for (const save of saves) if ('error' in save) writeErr(`claude-sessions: ${save.name}: ${save.error}\n`);
  },
});

// Every key always present, so scripts can rely on them; counts are null for an unreadable save.
function toJson(save: SaveSummary) {
  const readable = 'error' in save ? undefined : save;
  return {
    name: save.name,
    path: save.path,
    time: save.time.toISOString(),
    sessions: readable?.sessions.length ?? null,
    sessionNames: readable?.sessions ?? null,
    windows: readable?.windows ?? null,
    panes: readable?.panes ?? null,
    bytes: save.bytes,
    last: save.last,
    fallback: save.fallback,
    sidecar: save.sidecar,
    error: 'error' in save ? save.error : null,
  };
}

// `YYYY-MM-DD HH:MM:SS` in local time, the time the save's name holds.
export function formatLocalTime(time: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
  return `${day} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

// A size in B, KB or MB (1024-based, one decimal above bytes).
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
