// Which program a restored pane starts again, by tmux-resurrect's @resurrect-processes rules.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROCESSES,
  PROCESS_SETTING_FIELDS,
  commandToRestore,
  parseProcessList,
  processListWarnings,
  processSettingsFromValues,
  type ProcessRestoreSettings,
} from '../../src/restore/process-restore.ts';

const NO_FILES = (): boolean => false;

// The command typed into a pane saved in /home/u/project running `fullCommand`.
function restored(
  fullCommand: string,
  settings: Partial<ProcessRestoreSettings> = {},
  fileExists: (path: string) => boolean = NO_FILES,
): string | undefined {
  const full: ProcessRestoreSettings = { processes: '', strategies: {}, ...settings };
  return commandToRestore({ fullCommand, path: '/home/u/project' }, full, fileExists);
}

describe('the default list', () => {
  it('restarts the programs resurrect restores by default, with their arguments', () => {
    expect(restored('less /tmp/x')).toBe('less /tmp/x');
    expect(restored('tail -f /var/log/syslog')).toBe('tail -f /var/log/syslog');
    expect(restored('vim notes.md')).toBe('vim notes.md');
    expect(restored('htop')).toBe('htop');
  });

  it('leaves other programs at the shell prompt', () => {
    expect(restored('sleep 1000')).toBeUndefined();
    expect(restored('make build')).toBeUndefined();
  });

  it('types nothing into a pane that was a bare shell', () => {
    expect(restored('')).toBeUndefined();
    expect(restored('', { processes: ':all:' })).toBeUndefined();
  });

  it('matches whole words at the start: `lesser` is not `less`, `/usr/bin/less` is not `less`', () => {
    expect(restored('lesser file')).toBeUndefined();
    expect(restored('/usr/bin/less file')).toBeUndefined();
    expect(restored('less')).toBe('less');
  });

  it('is resurrect’s list', () => {
    expect(DEFAULT_PROCESSES).toBe('vi vim view nvim emacs man less more tail top htop irssi weechat mutt');
  });

  it('is replaced by @resurrect-default-processes when that is set', () => {
    const settings = { defaultProcesses: 'sleep make' };
    expect(restored('sleep 1000', settings)).toBe('sleep 1000');
    expect(restored('less /tmp/x', settings)).toBeUndefined();
  });

  it('is used when @resurrect-default-processes is empty', () => {
    expect(restored('less /tmp/x', { defaultProcesses: '' })).toBe('less /tmp/x');
  });
});

describe('@resurrect-processes', () => {
  it('adds the user’s programs to the default list', () => {
    const settings = { processes: 'ssh psql' };
    expect(restored('ssh host', settings)).toBe('ssh host');
    expect(restored('psql', settings)).toBe('psql');
    expect(restored('less /tmp/x', settings)).toBe('less /tmp/x');
    expect(restored('sleep 1', settings)).toBeUndefined();
  });

  it('adds to a custom default list too', () => {
    const settings = { processes: 'ssh', defaultProcesses: 'make' };
    expect(restored('ssh host', settings)).toBe('ssh host');
    expect(restored('make watch', settings)).toBe('make watch');
    expect(restored('vim x', settings)).toBeUndefined();
  });

  it('`false` restores nothing, not even the default list', () => {
    expect(restored('less /tmp/x', { processes: 'false' })).toBeUndefined();
    expect(restored('vim', { processes: 'false' })).toBeUndefined();
  });

  it('`:all:` restores every program with its full command', () => {
    expect(restored('sleep 1000', { processes: ':all:' })).toBe('sleep 1000');
    expect(restored('/usr/bin/ruby script/rails server', { processes: ':all:' })).toBe('/usr/bin/ruby script/rails server');
  });

  it('`:all:` still lets `->` elements of the default list rewrite what they match', () => {
    const settings = { processes: ':all:', defaultProcesses: '"~rails server->rails server"' };
    expect(restored('/usr/bin/ruby script/rails server', settings)).toBe('rails server');
    expect(restored('sleep 1', settings)).toBe('sleep 1');
  });

  it('keeps the spaces of quoted elements', () => {
    const settings = { processes: `ssh "git log" 'npm run dev'` };
    expect(restored('git log --oneline', settings)).toBe('git log --oneline');
    expect(restored('npm run dev', settings)).toBe('npm run dev');
    expect(restored('git status', settings)).toBeUndefined();
    expect(restored('npm test', settings)).toBeUndefined();
  });

  it('`~` matches anywhere in the command', () => {
    const settings = { processes: '"~rails server"' };
    expect(restored('/usr/bin/ruby script/rails server', settings)).toBe('/usr/bin/ruby script/rails server');
    expect(restored('rails console', settings)).toBeUndefined();
    expect(restored('/usr/bin/less file', { processes: '~less' })).toBe('/usr/bin/less file');
  });

  it('takes MATCH literally, not as a regex', () => {
    expect(restored('a.out --fast', { processes: 'a.out' })).toBe('a.out --fast');
    expect(restored('about --fast', { processes: 'a.out' })).toBeUndefined();
    expect(restored('g++ -o x x.cc', { processes: '~g++' })).toBe('g++ -o x x.cc');
  });
});

describe('`MATCH->RESTORE` elements', () => {
  it('type RESTORE instead of the saved command', () => {
    const settings = { processes: '"~rails server->rails server"' };
    expect(restored('/usr/bin/ruby script/rails server -p 3001', settings)).toBe('rails server');
  });

  it('replace ` *` with the saved arguments: what follows the word MATCH ends in', () => {
    const settings = { processes: '"~bin/my_program->my_program *"' };
    expect(restored('/home/u/bin/my_program arg1 arg2', settings)).toBe('my_program arg1 arg2');
    expect(restored('ruby /home/u/bin/my_program.rb  --a  b', settings)).toBe('my_program --a b');
  });

  it('replace ` *` with nothing when there were no arguments', () => {
    expect(restored('/home/u/bin/my_program', { processes: '"~bin/my_program->my_program *"' })).toBe('my_program');
    expect(restored('/home/u/bin/my_prog', { processes: '"~bin/my_p->my_program *"' })).toBe('my_program');
  });

  it('keep text after ` *` and a `*` not preceded by a space', () => {
    expect(restored('tail -f log', { processes: '"tail->tail * | grep x"' })).toBe('tail -f log | grep x');
    expect(restored('tail -f log', { processes: '"tail->ls a*"' })).toBe('ls a*');
  });

  it('win over a plain element that matches too, even an earlier one', () => {
    expect(restored('less -S big.csv', { processes: '"less->less -R *"' })).toBe('less -R -S big.csv');
  });

  it('the last matching one wins, so the user’s list overrides the default one', () => {
    const settings = { defaultProcesses: '"~top->top"', processes: '"htop->htop -t"' };
    expect(restored('htop -d 5', settings)).toBe('htop -t');
    expect(restored('top -d 5', settings)).toBe('top');
  });

  it('with an empty RESTORE, count as a plain match', () => {
    expect(restored('psql db', { processes: '"psql->"' })).toBe('psql db');
  });

  it('may be written unquoted: `->` is not a redirection here', () => {
    expect(restored('/opt/node/bin/node server.js', { processes: '~node->node' })).toBe('node');
  });
});

describe('saved arguments', () => {
  const all = { processes: ':all:' };
  const exactly = (argv: readonly string[], settings: Partial<ProcessRestoreSettings> = all) =>
    commandToRestore({ fullCommand: argv.join(' '), path: '/home/u/project' }, { processes: '', strategies: {}, ...settings }, NO_FILES, argv);

  it('are typed one quoted word each, from the exact arguments the save kept: nothing in them runs', () => {
    expect(exactly(['tail', '-f', 'app.log;touch X'])).toBe("tail -f 'app.log;touch X'");
    expect(exactly(['sh', '-c', 'echo $(id) `id` | cat > out', "it's", 'new\nline', '-lead'])).toBe(
      `sh -c 'echo $(id) \`id\` | cat > out' 'it'\\''s' 'new\nline' -lead`,
    );
    expect(exactly(['env', '=cmd', '~/x', 'a*'])).toBe("env '=cmd' '~/x' 'a*'");
  });

  it('from a file tmux-resurrect wrote (joined text only) are split at blanks and each quoted', () => {
    expect(restored('tail -f app.log;touch X', all)).toBe("tail -f 'app.log;touch' X");
    expect(restored('less $(touch x) `id` a|b c>d', all)).toBe("less '$(touch' 'x)' '`id`' 'a|b' 'c>d'");
  });

  it('are ignored when they do not match the saved line (a sidecar from elsewhere)', () => {
    const text = commandToRestore({ fullCommand: 'less a b', path: '/' }, { processes: '', strategies: {} }, NO_FILES, ['less', 'other']);
    expect(text).toBe('less a b');
  });

  it('carried into a `->` RESTORE by ` *` are quoted; the RESTORE itself is typed as the user wrote it', () => {
    const settings = { processes: '"~my_program->FOO=1 my_program * | tee log"' };
    expect(exactly(['/bin/my_program', 'a b', '$(touch x)'], settings)).toBe("FOO=1 my_program 'a b' '$(touch x)' | tee log");
  });
});

describe('the vim and nvim session strategy', () => {
  const sessionIn = (dir: string) => (path: string) => path === `${dir}/Session.vim`;
  const strategies = { vim: 'session', nvim: 'session' };

  it('opens the folder’s Session.vim when there is one', () => {
    expect(restored('vim notes.md', { strategies }, sessionIn('/home/u/project'))).toBe('vim -S');
    expect(restored('nvim', { strategies }, sessionIn('/home/u/project'))).toBe('nvim -S');
  });

  it('looks in the pane’s saved folder', () => {
    expect(restored('vim notes.md', { strategies }, sessionIn('/elsewhere'))).toBe('vim notes.md');
    const pane = { fullCommand: 'vim', path: '/srv/app/' };
    expect(commandToRestore(pane, { processes: '', strategies }, sessionIn('/srv/app'))).toBe('vim -S');
  });

  it('starts plain vim when the session flag was used but Session.vim is gone', () => {
    expect(restored('vim -S', { strategies })).toBe('vim');
    expect(restored('nvim -S Session.vim', { strategies })).toBe('nvim');
  });

  it('otherwise types the saved command', () => {
    expect(restored('vim notes.md', { strategies })).toBe('vim notes.md');
    expect(restored('nvim -O a b', { strategies })).toBe('nvim -O a b');
  });

  it('applies only to the program it is set for', () => {
    expect(restored('vim notes.md', { strategies: { nvim: 'session' } }, sessionIn('/home/u/project'))).toBe('vim notes.md');
    expect(restored('nvim', { strategies: { vim: 'session' } }, sessionIn('/home/u/project'))).toBe('nvim');
  });

  it('ignores strategies that do not exist', () => {
    expect(restored('vim notes.md', { strategies: { vim: 'obsession' } }, sessionIn('/home/u/project'))).toBe('vim notes.md');
    expect(restored('less x', { strategies: { less: 'session' } }, sessionIn('/home/u/project'))).toBe('less x');
  });

  it('knows vim by its basename', () => {
    expect(restored('/usr/bin/nvim x', { processes: '~nvim', strategies }, sessionIn('/home/u/project'))).toBe('nvim -S');
  });

  it('expands a `->` RESTORE that runs vim', () => {
    const settings = { processes: '"~vim->vim *"', strategies };
    expect(restored('/opt/vim/bin/vim a.txt', settings, sessionIn('/home/u/project'))).toBe('vim -S');
    expect(restored('/opt/vim/bin/vim a.txt', settings)).toBe('vim a.txt');
    expect(restored('/opt/vim/bin/vim -S', settings)).toBe('vim');
  });

  it('is not applied to panes that are not restored', () => {
    expect(restored('vim', { processes: 'false', strategies }, sessionIn('/home/u/project'))).toBeUndefined();
  });
});

describe('splitting a process list', () => {
  it('splits on blanks like a shell', () => {
    expect(parseProcessList('  ssh\tpsql \n irb ')).toEqual({ words: ['ssh', 'psql', 'irb'] });
    expect(parseProcessList('')).toEqual({ words: [] });
  });

  it('keeps quoted spaces and joins quoted parts of one word', () => {
    expect(parseProcessList(`ssh "git log" '~rails server->rails server' a"b c"d`).words).toEqual([
      'ssh',
      'git log',
      '~rails server->rails server',
      'ab cd',
    ]);
  });

  it('keeps empty quoted words', () => {
    expect(parseProcessList(`a "" b`).words).toEqual(['a', '', 'b']);
  });

  it('honours backslashes outside single quotes', () => {
    expect(parseProcessList(String.raw`git\ log "say \"hi\"" 'a\b' "c\d"`).words).toEqual([
      'git log',
      'say "hi"',
      String.raw`a\b`,
      String.raw`c\d`,
    ]);
  });

  it('expands nothing: no variables, globs or home folders', () => {
    expect(parseProcessList('$HOME ~/bin/x *').words).toEqual(['$HOME', '~/bin/x', '*']);
  });

  it('takes the rest of an unterminated quote literally, with a warning', () => {
    const list = parseProcessList(`ssh "git log psql`);
    expect(list.words).toEqual(['ssh', 'git log psql']);
    expect(list.warning).toMatch(/unterminated " quote/);
    expect(parseProcessList(`a 'b c`).words).toEqual(['a', 'b c']);
  });

  it('restores by an unterminated element as it was taken', () => {
    expect(restored('git log -p', { processes: `"git log` })).toBe('git log -p');
  });

  it('reports the warnings of both lists', () => {
    expect(processListWarnings({ processes: `ssh 'x`, defaultProcesses: `"vim`, strategies: {} })).toHaveLength(2);
    expect(processListWarnings({ processes: `ssh "git log"`, strategies: {} })).toEqual([]);
  });
});

describe('settings from one tmux query', () => {
  it('asks for the resurrect options process restoring reads', () => {
    expect(PROCESS_SETTING_FIELDS).toEqual({
      processes: '#{@resurrect-processes}',
      defaultProcesses: '#{@resurrect-default-processes}',
      vimStrategy: '#{@resurrect-strategy-vim}',
      nvimStrategy: '#{@resurrect-strategy-nvim}',
    });
  });

  it('keeps only the strategies that are set', () => {
    expect(processSettingsFromValues({ processes: 'ssh', defaultProcesses: '', vimStrategy: 'session', nvimStrategy: '' })).toEqual({
      processes: 'ssh',
      defaultProcesses: '',
      strategies: { vim: 'session' },
    });
  });
});
