/**
 * Polls `find` until it returns a value or `timeoutMs` passes. On timeout the error names `what` and
 * appends `explain()` (service logs, what did arrive), so a failure says where the alert got stuck.
 */
export async function eventually<T>(
  what: string,
  find: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  explain: () => string | Promise<string>,
  intervalMs = 100,
): Promise<T> {
  const started = Date.now();
  let lastError = '';
  for (;;) {
    try {
      const found = await find();
      if (found !== undefined) return found;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() - started >= timeoutMs) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const why = lastError ? `\nlast error while polling: ${lastError}` : '';
  throw new Error(`${what}: not seen within ${timeoutMs} ms${why}\n${await explain()}`);
}
