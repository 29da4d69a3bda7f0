// Removes the temporary folder of till signing keys that global-setup.js made for the run.
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const dir = process.env.POS_KEY_DIR;
  if (dir && /pos-test-keys-/.test(dir)) rmSync(dir, { recursive: true, force: true });
}
