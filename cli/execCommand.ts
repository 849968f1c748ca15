import { spawn, type ChildProcess } from 'node:child_process';
import { clientEnvironment } from '../simulator/index.ts';
import { launch, type LaunchOptions } from './launch.ts';

export interface ExecCommandOptions extends LaunchOptions {
  /** The command and its arguments; a single string is run through the shell (`"npm test && npm run e2e"`). */
  command: string[];
}


/**
 * `miaw-sim exec [start flags] -- <command…>`: start the simulator (on a free port unless --port
 * says otherwise), run the command with the simulator's coordinates in its environment, stop the
 * simulator when the command ends (or on Ctrl+C, passed on to the command), and exit with the
 * command's code. Like Firebase's `emulators:exec`.
 */
export async function execCommand(cmd: ExecCommandOptions): Promise<number> {
  if (!cmd.command.length) throw new Error('[miaw-sim] exec needs a command after --, e.g. miaw-sim exec -- npm test');
  const { sim, data, shutdown } = await launch({ ...cmd, options: { port: 0, ...cmd.options } });
  const env = clientEnvironment(sim, data.privateKeyFile);
  // Beyond loopback, the command is told the control token too (it runs on this machine, but may call through an outside address).
  const token = sim.exposed ? { MIAW_CONTROL_TOKEN: sim.exposed.controlToken } : {};
  const [file, ...args] = cmd.command;
  const shell = cmd.command.length === 1;
  // Listening for the signals before the ready line, and until the export is written: without a
  // listener a SIGTERM kills the process outright, and --export-on-exit is skipped. (A listener runs
  // on a later tick than this one, so the command is spawned by then.)
  let child: ChildProcess | undefined;
  const forward = (signal: NodeJS.Signals) => () => void child?.kill(signal);
  const onSigint = forward('SIGINT');
  const onSigterm = forward('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  console.error(`[miaw-sim] Simulator at ${sim.url} (control API ${sim.controlUrl}); running: ${cmd.command.join(' ')}`);
  const spawned = (child = spawn(file!, args, { stdio: 'inherit', shell, env: { ...process.env, ...env, ...token } }));
  const code = await new Promise<number>((resolve) => {
    spawned.once('error', (err: NodeJS.ErrnoException) => {
      console.error(`[miaw-sim] Could not run ${JSON.stringify(file)}: ${err.code === 'ENOENT' ? 'no such command (is it installed and on PATH?)' : err.message}`);
      resolve(127);
    });
    spawned.once('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? signalNumber(signal) : 1)));
  });
  const exported = await shutdown();
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
  // The command's code, unless it succeeded and the export (asked for) could not be written.
  return code === 0 && !exported ? 1 : code;
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
const signalNumber = (signal: NodeJS.Signals) => SIGNALS[signal] ?? 1;
