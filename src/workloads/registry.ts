// The built-in workloads: static RV32 ELFs committed under workloads/bin, described by
// workloads/manifest.json. A workload is named without a path (`sieve`); anything else is a file.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';

export interface WorkloadInfo {
  name: string;
  description: string;
  kind: 'compute' | 'memory';
  defaultArgs: string[];
  tinyArgs: string[];
  footprintPages: number;
  /** Absolute path of the ELF. */
  file: string;
}

let cache: WorkloadInfo[] | undefined;

/** All built-in workloads in manifest order. */
export function listWorkloads(): WorkloadInfo[] {
  if (cache) return cache;
  const root = path.join(packageRoot(), 'workloads');
  const raw = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as Omit<WorkloadInfo, 'file'>[];
  cache = raw.map((w) => ({ ...w, defaultArgs: w.defaultArgs.map(String), tinyArgs: w.tinyArgs.map(String), file: path.join(root, 'bin', `${w.name}.elf`) }));
  return cache;
}

/** The workload called `name`, or undefined. */
export function findWorkload(name: string): WorkloadInfo | undefined {
  return listWorkloads().find((w) => w.name === name);
}

/** True when `arg` names a built-in workload rather than a file path. */
export function isWorkloadName(arg: string): boolean {
  return !arg.includes('/') && !arg.endsWith('.elf') && !existsSync(arg) && findWorkload(arg) !== undefined;
}
