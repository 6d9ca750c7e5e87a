import { CliError } from './errors';

/** The part of a terminal's input stream a hidden prompt needs (process.stdin, or a test's stand-in). */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', fn: (chunk: string) => void): unknown;
  off(event: 'data', fn: (chunk: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Asks for a secret on the terminal without echoing it: raw mode, so nothing typed is printed; Backspace deletes,
 * Enter ends, Ctrl+C or Ctrl+D cancels. The question goes to stderr so that stdout stays clean for --json.
 */
export function promptHidden(
  question: string,
  input: PromptInput,
  write: (s: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new CliError('Cancelled', 1));
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          value = value.slice(0, -1);
          continue;
        }
        value += ch;
      }
    };
    // Raw mode first: whatever is typed once the question shows must already be hidden.
    input.setRawMode?.(true);
    write(question);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
