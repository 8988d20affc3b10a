// `milklab demo [scenario.json] [--record FILE.cast] [--pace N]`: plays a scripted, deterministic
// scenario. In a terminal it opens the UI with captions (and can record it); without one it prints
// the captions and what happened, step by step.

import path from 'node:path';
import { packageRoot } from '../paths.js';
import { prepareDemo } from '../record/demo.js';
import { loadScenario } from '../record/scenario.js';
import { intOption, parse } from './args.js';
import { badInput, usage } from './errors.js';

/** Runs the demo; returns the exit status. */
export async function demoCommand(args: string[], out: (s: string) => void): Promise<number> {
  const p = parse('demo', args, { record: { type: 'string' }, pace: { type: 'string' }, headless: { type: 'boolean' } });
  if (p.positionals.length > 1) throw usage('demo: usage: milklab demo [scenario.json] [--record FILE.cast] [--pace INSTRUCTIONS_PER_SECOND]');
  const file = p.positionals[0] ?? path.join(packageRoot(), 'demos', 'default.json');
  const sc = loadScenario(file);
  if (!sc.ok) throw badInput(sc.message);
  const pace = intOption(p, 'pace', 8_000_000, 1);
  const headless = p.values.headless === true || !process.stdout.isTTY;
  if (headless && p.values.record) throw usage('demo: --record needs a terminal (the recording is of the UI)');
  const lines: string[] = [];
  const prepared = await prepareDemo(sc.scenario, headless ? (e) => {
    if (e.type === 'swap') lines.push(`  swap v${e.fromVersion} -> v${e.toVersion} (${e.name}) at ${e.instructions}, pause ${e.pauseUs.toFixed(0)} us`);
    if (e.type === 'rollback') lines.push(`  rollback v${e.version} -> v${e.toVersion} at ${e.instructions}: ${e.reason}`);
  } : undefined);
  if (!prepared.ok) throw badInput(prepared.message);
  const demo = prepared.demo;
  if (headless) {
    out(sc.scenario.title);
    await demo.play({
      onStep: (s) => {
        for (const l of lines.splice(0)) out(l);
        const snap = demo.session.snapshot();
        out(`[${String(s.at).padStart(11)}] ${s.caption ?? ''}  (faults ${snap.faults.minor + snap.faults.major}, rate ${Math.round(snap.series.at(-1)?.total ?? 0)}/M)`);
      },
    });
    for (const l of lines.splice(0)) out(l);
    demo.session.close();
    return 0;
  }
  const { startTui } = await import('../tui/main.js');
  const running = demo.play({ pace });
  const code = await startTui({
    session: demo.session, watched: [], title: sc.scenario.title, caption: () => demo.caption(),
    ...(p.values.record ? { record: String(p.values.record) } : {}),
    autoExitWhen: running,
  } as Parameters<typeof startTui>[0]);
  demo.stop();
  await running;
  demo.session.close();
  return code;
}
