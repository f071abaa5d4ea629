// y/N questions on the user's terminal; a command without one must be told --yes instead.

// True when a question can be asked and seen: standard input and standard error are a terminal.
export function canAsk(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

// Ask on the terminal and read one answer line: true only for y or yes (any case);
// end of input counts as no.
export async function askYesNo(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<boolean>((resolve) => {
      prompt.once('close', () => resolve(false));
      prompt.question(question, (answer) => resolve(/^y(es)?$/i.test(answer.trim())));
    });
  } finally {
    prompt.close();
  }
}
