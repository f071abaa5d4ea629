// The floor of a restore, shared by the benches: the sessions of a tmux-resurrect save made
// by one generated file that a single tmux call sources (no programs, no contents).
export function floorFile(saveText) {
  const q = (text) => `'${text.replaceAll("'", "'\\''")}'`;
  const lines = saveText.split('\n').map((line) => line.split('\t'));
  const panes = lines.filter((f) => f[0] === 'pane');
  const windows = lines.filter((f) => f[0] === 'window');
  const windowOf = (session, index) => windows.find((f) => f[1] === session && f[2] === index);
  const out = [];
  const seen = new Set();
  for (const [, session, index, , , paneIndex, title, path] of panes) {
    const folder = path.slice(1).replace('\\ ', ' ');
    const target = `=${session}:${index}`;
    const window = windowOf(session, index);
    const name = window[7] === ':' ? [] : ['-n', q(window[3].slice(1))];
    if (!seen.has(session)) out.push(['new-session', '-d', '-s', q(session), ...name, '-c', q(folder)]);
    else if (!seen.has(target)) out.push(['new-window', '-d', '-t', q(target), ...name, '-c', q(folder)]);
    else out.push(['split-window', '-d', '-t', q(target), '-c', q(folder)]);
    seen.add(session).add(target);
    out.push(['select-pane', '-t', q(`${target}.${paneIndex}`), '-T', q(title)]);
  }
  for (const [, session, index, , , , layout] of windows) out.push(['select-layout', '-t', q(`=${session}:${index}`), q(layout)]);
  for (const [, session, index, , flags, paneIndex, , , active] of panes) {
    if (active !== '1') continue;
    out.push(['select-pane', '-t', q(`=${session}:${index}.${paneIndex}`)]);
    if (flags.includes('Z')) out.push(['resize-pane', '-Z', '-t', q(`=${session}:${index}`)]);
  }
  for (const flag of ['-', '*']) {
    for (const [, session, index, , , flags] of windows) if (flags.includes(flag)) out.push(['select-window', '-t', q(`=${session}:${index}`)]);
  }
  return `${out.map((words) => words.join(' ')).join('\n')}\n`;
}
