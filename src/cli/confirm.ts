import { createInterface } from 'node:readline/promises';
import { UsageError } from '../contract/errors.js';

/** Asks the user to type `expected` to go on; refuses when no one can answer (no TTY). */
export async function confirmByTyping(expected: string, question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new UsageError(
      'confirmation needed, but stdin is not a terminal',
      'pass --yes to confirm non-interactively',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} Type "${expected}" to go on: `);
    return answer.trim() === expected;
  } finally {
    rl.close();
  }
}
