/** CSAF 2.1 validation with @secvisogram/csaf-validator-lib, run in plain node (the library is an ES module). */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CsafResult {
  isValid: boolean;
  floatWorkaround: boolean;
  errors: { test: string; instancePath: string; message: string }[];
}

export function validateCsaf(documents: unknown[]): Promise<CsafResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '../../support/validate-csaf.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`validate-csaf.mjs exited with ${code}`));
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as CsafResult[]);
    });
    child.stdin.end(JSON.stringify(documents));
  });
}
