// Pure text and JSON checks (no imports): shared by the API, the manifest reader and schemas used in forms.

/**
 * Characters refused in any text a client sends: NUL (PostgreSQL cannot store it, error 22021) and the other C0
 * control characters except tab, line feed and carriage return, plus DEL.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** How deeply arrays and objects nest in a parsed JSON value (iterative: no stack to overflow). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d + 1);
    if (max > stopAt) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
