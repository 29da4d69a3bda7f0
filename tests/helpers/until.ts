// Waits for something asynchronous (a device, a background print) to become
// true, failing with what was awaited after `timeout` ms.
export async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
