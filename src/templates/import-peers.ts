// Turn a tmuxinator or tmuxp project file into claude-sessions template YAML, listing what
// has no place in a template instead of guessing at it.
import { posix } from 'node:path';
import { Document, isScalar, isSeq, parse, visit } from 'yaml';

// The session managers whose files can be imported.
export type PeerFormat = 'tmuxinator' | 'tmuxp';

// Template YAML text, the format it came from, and one explained line per setting left out.
export interface PeerConversion {
  readonly yaml: string;
  readonly format: PeerFormat;
  readonly dropped: string[];
}

type YamlMap = Record<string, unknown>;
// Template shapes in the order their keys are written; undefined fields are not written.
interface PaneOut { title?: string | undefined; dir?: string | undefined; focus?: true | undefined; commands: string[] }
interface WindowOut { name: string; layout?: string | undefined; focus?: true | undefined; panes: PaneOut[] }
interface Body { root: string; env: Record<string, string>; before: string[]; windows: WindowOut[] }

type Reasons = Readonly<Record<string, string>>;
type Drop = (what: string, why: string) => void;

const TMUX_OPTIONS = 'tmux options are not part of templates';
const OUTSIDE_PROJECT = 'templates only hold folders inside the project';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OPTION_MAPS: ReadonlySet<string> = new Set(['options', 'global_options', 'options_after']);
// Keys each level converts; any other key is reported as dropped.
const TMUXINATOR_KEYS = new Set(['name', 'project_name', 'root', 'project_root', 'windows', 'tabs', 'startup_window']);
const TMUXINATOR_BEFORE = ['on_project_start', 'on_project_first_start', 'pre'] as const;
const TMUXINATOR_WINDOW_KEYS = new Set(['root', 'pre', 'panes', 'layout']);
const TMUXP_KEYS = new Set([
  'session_name', 'start_directory', 'before_script', 'environment', 'shell_command_before', 'windows',
]);
const TMUXP_WINDOW_KEYS = new Set(['window_name', 'layout', 'focus', 'start_directory', 'shell_command_before', 'panes']);
const TMUXP_PANE_KEYS = new Set(['shell_command', 'shell_command_before', 'start_directory', 'focus']);
// Settings each format has that a template cannot express, and why.
const DROPPED_TMUXINATOR: Reasons = {
  socket_name: 'sessions live on the default tmux server',
  tmux_options: 'claude-sessions runs tmux itself',
  tmux_command: 'claude-sessions runs tmux itself',
  attach: 'claude-sessions decides when to attach',
  startup_pane: 'set focus: true on the pane instead',
  pre_window: 'runs in every pane; add it to the panes’ commands if it is still needed',
  on_project_restart: 'templates have no restart hook',
  on_project_exit: 'templates have no exit hook',
  on_project_stop: 'templates have no stop hook',
  post: 'templates have no after-start hook',
  enable_pane_titles: 'pane titles are set from each pane’s title',
  pane_title_position: TMUX_OPTIONS,
  pane_title_format: TMUX_OPTIONS,
};
const DROPPED_TMUXP: Reasons = {
  suppress_history: 'commands are typed into an ordinary shell',
  plugins: 'tmuxp plugins are Python code',
  window_index: 'windows are created in the order listed',
  window_shell: 'panes start your default shell',
  environment: 'template env applies to the whole session',
  sleep_before: 'commands are sent without delays',
  sleep_after: 'commands are sent without delays',
  enter: 'every command is run',
  clear: 'panes start clear',
};

// Convert tmuxinator or tmuxp YAML (`file` is for messages) into template YAML named `name`.
export function convertPeerConfig(text: string, file: string, name?: string): PeerConversion {
  let config: unknown;
  try {
    config = parse(text, { merge: true, logLevel: 'error' });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new Error(`${file}: not valid YAML: ${reason}`);
  }
  if (config === null || config === undefined) throw new Error(`${file}: the file is empty`);
  if (!isMap(config)) throw new Error(`${file}: expected a map of settings at the top level, found ${kindOf(config)}`);
  const windows = config['windows'] ?? config['tabs'];
  if (!Array.isArray(windows) || windows.length === 0) {
    throw new Error(`${file}: no windows (tmuxinator and tmuxp files list them under 'windows:')`);
  }
  const format = detectFormat(config, windows, file);
  const dropped: string[] = [];
  const drop = (what: string, why: string): void => void dropped.push(`${format} ${what} (${why})`);
  const convert = format === 'tmuxp' ? fromTmuxp : fromTmuxinator;
  const body = convert(config, windows, file, drop);
  if (/<%/.test(text)) drop('ERB tags <% %>', 'they are not evaluated; the text was kept as written');
  const title = name ?? scalarText(config['session_name'] ?? config['name'] ?? config['project_name']) ?? baseName(file);
  return { yaml: renderTemplate(title, `imported from ${format} ${file}`, body), format, dropped };
}

function detectFormat(config: YamlMap, windows: unknown[], file: string): PeerFormat {
  if ('session_name' in config || windows.some((w) => isMap(w) && 'window_name' in w)) return 'tmuxp';
  if (['name', 'project_name', 'root', 'project_root'].some((key) => key in config)) return 'tmuxinator';
  if (windows.every((w) => isMap(w) && Object.keys(w).length === 1)) return 'tmuxinator';
  const tmuxinator = "a tmuxinator file (name:, windows of '- name: command')";
  throw new Error(`${file}: neither ${tmuxinator} nor a tmuxp file (session_name:, windows with window_name:)`);
}

function fromTmuxinator(config: YamlMap, windows: unknown[], file: string, drop: Drop): Body {
  // startup_window names the window to select: that is the template's focus.
  const startup = scalarText(config['startup_window']);
  const body: Body = {
    root: projectRoot(config, ['root', 'project_root'], drop),
    env: {},
    before: TMUXINATOR_BEFORE.flatMap((key) => commandList(config[key])),
    windows: windows.map((entry, index) => tmuxinatorWindow(entry, index, file, startup, drop)),
  };
  if (startup !== undefined && !body.windows.some((w) => w.name === startup)) {
    drop(`startup_window ${startup}`, 'no window has that name; set focus: true on the window instead');
  }
  dropOthers(config, new Set([...TMUXINATOR_KEYS, ...TMUXINATOR_BEFORE]), DROPPED_TMUXINATOR, '', drop);
  return body;
}

function tmuxinatorWindow(entry: unknown, index: number, file: string, startup: string | undefined, drop: Drop): WindowOut {
  const key = isMap(entry) ? Object.keys(entry)[0] : undefined;
  if (!isMap(entry) || key === undefined || Object.keys(entry).length !== 1) {
    const expected = `'- name: command' or '- name: {panes: [...]}'`;
    throw new Error(`${file}: window ${index + 1} should be ${expected}, found ${kindOf(entry)}`);
  }
  const spec = entry[key];
  const name = key;
  const focus = name === startup ? true : undefined;
  if (!isMap(spec)) return { name, focus, panes: [{ commands: commandList(spec) }] };
  const where = `window "${name}"`;
  const dir = relativeDir(spec['root'], `${where} root`, drop);
  const pre = commandList(spec['pre']);
  const rawPanes = Array.isArray(spec['panes']) && spec['panes'].length > 0 ? spec['panes'] : [null];
  // A pane is a command, a list of commands, or `- title: [commands]`.
  const panes = rawPanes.map((pane): PaneOut => {
    const title = isMap(pane) ? Object.keys(pane)[0] : undefined;
    const commands = isMap(pane) && title !== undefined ? commandList(pane[title]) : commandList(pane);
    return { title, dir, commands: [...pre, ...commands] };
  });
  dropOthers(spec, TMUXINATOR_WINDOW_KEYS, { synchronize: 'panes are not synchronized' }, `${where} `, drop);
  return { name, layout: scalarText(spec['layout']), focus, panes };
}

function fromTmuxp(config: YamlMap, windows: unknown[], file: string, drop: Drop): Body {
  const env: Record<string, string> = {};
  const environment = config['environment'];
  for (const [key, value] of Object.entries(isMap(environment) ? environment : {})) {
    const text = scalarText(value);
    if (!ENV_NAME.test(key)) drop(`environment.${key}`, 'not a valid variable name');
    else if (text === undefined) drop(`environment.${key}`, 'only text values can be exported');
    else env[key] = text;
  }
  const sessionBefore = commandList(config['shell_command_before']);
  dropOthers(config, TMUXP_KEYS, DROPPED_TMUXP, '', drop);
  return {
    root: projectRoot(config, ['start_directory'], drop),
    env,
    before: commandList(config['before_script']),
    windows: windows.map((entry, index) => tmuxpWindow(entry, index, file, sessionBefore, drop)),
  };
}

function tmuxpWindow(entry: unknown, index: number, file: string, sessionBefore: string[], drop: Drop): WindowOut {
  if (!isMap(entry)) {
    throw new Error(`${file}: window ${index + 1} should be a map with window_name and panes, found ${kindOf(entry)}`);
  }
  const name = scalarText(entry['window_name']) ?? `window-${index + 1}`;
  const where = `window "${name}"`;
  const windowDir = relativeDir(entry['start_directory'], `${where} start_directory`, drop);
  const before = [...sessionBefore, ...commandList(entry['shell_command_before'])];
  const rawPanes = Array.isArray(entry['panes']) && entry['panes'].length > 0 ? entry['panes'] : [null];
  const panes = rawPanes.map((pane, at): PaneOut => {
    const paneWhere = `${where} pane ${at + 1}`;
    // tmuxp spells an empty pane null, 'blank' or 'pane'.
    if (pane === 'blank' || pane === 'pane') return { dir: windowDir, commands: before };
    if (!isMap(pane)) return { dir: windowDir, commands: [...before, ...commandList(pane, drop, paneWhere)] };
    const paneDir = relativeDir(pane['start_directory'], `${paneWhere} start_directory`, drop);
    const dir = paneDir === undefined ? windowDir : posix.join(windowDir ?? '.', paneDir);
    const paneBefore = commandList(pane['shell_command_before']);
    const commands = [...before, ...paneBefore, ...commandList(pane['shell_command'], drop, paneWhere)];
    dropOthers(pane, TMUXP_PANE_KEYS, DROPPED_TMUXP, `${paneWhere} `, drop);
    return { dir, focus: isTrue(pane['focus']), commands };
  });
  dropOthers(entry, TMUXP_WINDOW_KEYS, DROPPED_TMUXP, `${where} `, drop);
  return { name, layout: scalarText(entry['layout']), focus: isTrue(entry['focus']), panes };
}

// Report every key not handled, one line per entry of an options or environment map.
function dropOthers(map: YamlMap, handled: ReadonlySet<string>, reasons: Reasons, where: string, drop: Drop): void {
  for (const [key, value] of Object.entries(map)) {
    if (handled.has(key)) continue;
    const why = OPTION_MAPS.has(key) ? TMUX_OPTIONS : (reasons[key] ?? 'not supported by templates');
    if ((OPTION_MAPS.has(key) || key === 'environment') && isMap(value)) {
      for (const entry of Object.keys(value)) drop(`${where}${key}.${entry}`, why);
    } else {
      drop(`${where}${key}`, why);
    }
  }
}

// The template root: a relative folder is kept; absolute and home paths are machine-specific.
function projectRoot(config: YamlMap, keys: readonly string[], drop: Drop): string {
  const key = keys.find((k) => config[k] !== undefined && config[k] !== null) ?? 'root';
  const why = 'templates are relative to the project; start claude-sessions new in that folder';
  return relativeDir(config[key], key, drop, why) ?? '.';
}

// A folder kept only when inside the project: `/`, `~`, `$VAR`, drive paths and `..` lead out of it.
function relativeDir(value: unknown, what: string, drop: Drop, why = OUTSIDE_PROJECT): string | undefined {
  const dir = scalarText(value);
  if (dir === undefined || dir === '') return undefined;
  if (/^([/~$]|[A-Za-z]:[\\/])/.test(dir) || dir.split(/[\\/]/).includes('..')) {
    drop(`${what} ${dir}`, why);
    return undefined;
  }
  return dir;
}

// Commands from a string, a list, or tmuxp's `{cmd: ...}` items; null means none.
function commandList(value: unknown, drop?: Drop, where = ''): string[] {
  if (value === null || value === undefined) return [];
  const commands: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (!isMap(item)) {
      const command = scalarText(item);
      // An empty command would only press Enter.
      if (command !== undefined && command.trim() !== '') commands.push(command);
      continue;
    }
    const command = scalarText(item['cmd']);
    // `enter: false` only types the command; running it instead could do harm (`git push`).
    if (command !== undefined && item['enter'] === false) {
      drop?.(`${where} command '${command}'`, 'enter: false only types it; templates run every command');
      continue;
    }
    if (command !== undefined && command.trim() !== '') commands.push(command);
    for (const key of Object.keys(item).filter((k) => k !== 'cmd')) {
      drop?.(`${where} shell_command ${key}`, DROPPED_TMUXP[key] ?? 'not supported by templates');
    }
  }
  return commands;
}

function renderTemplate(name: string, description: string, body: Body): string {
  const template: YamlMap = { name, description, root: body.root };
  if (Object.keys(body.env).length > 0) template['env'] = body.env;
  if (body.before.length > 0) template['before'] = body.before;
  template['windows'] = body.windows;
  const doc = new Document(template);
  // Command lists read best on one line: `commands: [vim, make watch]`.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'commands' && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  // Unset optional fields are undefined and left out (the yaml package's keepUndefined is off).
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function scalarText(value: unknown): string | undefined {
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  return scalar ? String(value) : undefined;
}

function isTrue(value: unknown): true | undefined {
  return value === true || value === 'true' ? true : undefined;
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'nothing' : `a ${typeof value}`;
}

function baseName(file: string): string {
  return posix.basename(file.replace(/\\/g, '/')).replace(/\.ya?ml$/i, '');
}
