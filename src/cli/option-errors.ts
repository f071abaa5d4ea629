// What is wrong with a command line's options, said with the option as the user typed it
// (`-S needs a value: -S <socket-path>`): util.parseArgs names options by their definition
// (`'--S <value>' argument missing`), which for tmux-style -L/-S is not what anyone typed.
import { parseArgs } from 'node:util';
import type { OptionSpec } from './define.ts';

// The first problem with `args`' options, or undefined when parseArgs's strict mode will accept them.
export function optionProblem(args: readonly string[], options: Readonly<Record<string, OptionSpec>>): string | undefined {
  const { tokens } = parseArgs({ args: [...args], options: toParseArgs(options), strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const typed = args[token.index] as string;
    const spec = options[token.name];
    if (spec === undefined) return `Unknown option '${token.rawName}'${typed === token.rawName ? '' : ` in '${typed}'`}`;
    const wants = `${token.rawName} <${spec.valueName ?? 'value'}>`;
    if (spec.type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value (got '${typed}')`;
    if (spec.type === 'string' && token.value === undefined) return `${token.rawName} needs a value: ${wants}`;
    // parseArgs takes the next word as the value; an option there is a forgotten value.
    if (spec.type === 'string' && token.inlineValue === false && token.value !== undefined && token.value.length > 1 && token.value.startsWith('-')) {
      return `${token.rawName} needs a value: ${wants}, not the option '${token.value}' (a value starting with '-' is written --${token.name}=${token.value})`;
    }
  }
  return undefined;
}

// Option definitions in util.parseArgs's form.
export function toParseArgs(options: Readonly<Record<string, OptionSpec>>) {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
    ]),
  );
}
