// Finding labs: every folder `NN-name` under the package's labs/ with a lab.json is a lab. A
// lab is named by its number (`2` or `02`), its slug (`write-clock`) or both (`02-write-clock`).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { LabConfig } from './schema.js';
import { parseLab } from './validate.js';

export interface Lab {
  /** Two digits: '02'. */
  id: string;
  /** The folder name: '02-write-clock'. */
  name: string;
  /** Absolute path of the lab folder. */
  dir: string;
  config: LabConfig;
}

export type LabError =
  | { kind: 'unknown-lab'; id: string; known: string[] }
  | { kind: 'bad-lab'; message: string };

export type FindLabResult = { ok: true; lab: Lab } | { ok: false; error: LabError };

const LAB_DIR = /^(\d\d)-[a-z0-9-]+$/;

/** The folder holding the labs shipped with milklab. */
export function labsRoot(): string {
  return path.join(packageRoot(), 'labs');
}

/** Lab folder names under `root`, in order. */
export function labNames(root = labsRoot()): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && LAB_DIR.test(d.name) && existsSync(path.join(root, d.name, 'lab.json')))
    .map((d) => d.name)
    .sort();
}

/** Loads the lab in folder `name` under `root`. Contract: never throws; a bad lab.json is a one-line message. */
export function loadLab(name: string, root = labsRoot()): FindLabResult {
  const dir = path.join(root, name);
  const file = path.join(dir, 'lab.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ok: false, error: { kind: 'bad-lab', message: `${displayPath(file)}: cannot read` } };
  }
  const r = parseLab(text, displayPath(file), dir);
  if (!r.ok) return { ok: false, error: { kind: 'bad-lab', message: r.message } };
  return { ok: true, lab: { id: LAB_DIR.exec(name)![1]!, name, dir, config: r.config } };
}

/** The lab named `id` ('2', '02', 'write-clock' or '02-write-clock'). */
export function findLab(id: string, root = labsRoot()): FindLabResult {
  const names = labNames(root);
  const want = id.trim().toLowerCase();
  const num = /^\d{1,2}$/.test(want) ? want.padStart(2, '0') : undefined;
  const name = names.find((n) => n === want || (num !== undefined && n.startsWith(`${num}-`)) || n.slice(3) === want);
  if (!name) return { ok: false, error: { kind: 'unknown-lab', id, known: names } };
  return loadLab(name, root);
}

/** One line for a LabError. */
export function describeLabError(e: LabError): string {
  if (e.kind === 'bad-lab') return e.message;
  return `no lab '${e.id}' (labs: ${e.known.map((n) => n.slice(0, 2)).join(', ') || 'none'}; see 'milklab lab')`;
}

/** `labs/02-x/lab.json` when under the package root, else the absolute path. */
export function displayPath(file: string): string {
  const rel = path.relative(packageRoot(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
