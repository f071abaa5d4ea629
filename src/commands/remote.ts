// `claude-sessions remote HOST [PROJECT]`: attach to a project's workspace on another
// machine over ssh (or list that machine's sessions), quoting the remote command safely.
import { defineCommand } from '../cli/define.ts';
import { UserError } from '../util/errors.ts';
import { sshArgs, workspaceNames } from '../remote/remote-command.ts';
import { runSsh } from '../remote/ssh.ts';
import { optionDefault, USER_OPTIONS } from '../options/definitions.ts';
import { writeOut } from '../util/output.ts';

// remote HOST [PROJECT] [--list] [--ssh-option OPT]...
export const remoteCommand = defineCommand({
  positionals: [
    { name: 'host', required: true, description: 'ssh destination (user@host or a Host from ~/.ssh/config)' },
    { name: 'project', description: 'project whose workspace to attach to (a leading -: put -- before it)' },
  ],
  options: {
    list: { type: 'boolean', description: "list only the remote's workspace (claude-dev-) sessions, one per line" },
    'ssh-option': { type: 'string', multiple: true, valueName: 'opt', description: 'pass -o OPT to ssh (repeatable), e.g. Port=2222' },
    prefix: { type: 'string', valueName: 'prefix', description: `session name prefix on the remote (default ${optionDefault(USER_OPTIONS.prefix)})` },
  },
  run({ values, positionals }) {
    const [host, project] = positionals;
    const prefix = values.prefix ?? optionDefault(USER_OPTIONS.prefix);
    const sshOptions = values['ssh-option'];
    if (values.list && project !== undefined) throw new UserError('remote: --list takes no PROJECT', 2);
    if (values.list) {
      const result = runSsh(sshArgs(host, sshOptions, { kind: 'list-names' }), true);
      const names = workspaceNames(result.stdout, prefix);
      if (names.length > 0) writeOut(`${names.join('\n')}\n`);
      return result.status;
    }
    const action = project === undefined ? ({ kind: 'ls' } as const) : ({ kind: 'attach', project, prefix } as const);
    return runSsh(sshArgs(host, sshOptions, action), false).status;
  },
});
