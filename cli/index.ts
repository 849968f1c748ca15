import { Command } from 'commander';
import { packageInfo } from '../simulator/index.ts';
import { addHandoffConfigFlags, type HandoffConfigFlags } from './handoffConfigFlags.ts';
import { addOptionFlags, readOptionFlags } from './optionFlags.ts';
import { processOutput } from './output.ts';
import { refuseUnknownCommands } from './unknownCommand.ts';

/**
 * The `miaw-sim` command line. Each command loads its modules when it runs, so `start` does not
 * pay for the handoff client, faker or the scenario runner (start-up time is a target).
 */
export function buildProgram(): Command {
  const program = refuseUnknownCommands(new Command('miaw-sim').description('Local simulator of Salesforce Messaging for In-App and Web (MIAW)').showHelpAfterError().version(packageInfo().version));

  const startFlags = (command: Command) =>
    addOptionFlags(
      command
        .option('--config <file>', 'miaw-sim.config.json declaring more orgs, keysets and deployments')
        .option('--data-dir <dir>', 'where the default key pair and token secret live', process.env.MIAW_SIM_DATA_DIR ?? '.miaw-sim')
        .option('--import <file>', 'start from a state export (GET /__sim/v1/state)')
        .option('--export-on-exit <file>', 'write the state to this file when the simulator stops')
        .option('--persist <dir>', 'keep the state in this directory as it changes, and continue from it on the next start (survives kill -9)', process.env.MIAW_SIM_PERSIST || undefined)
        .option('--persist-fsync', 'with --persist: fsync every change too, so it survives power loss (slower)'),
    );
  const launchOptions = (flags: Record<string, unknown>) => ({
    options: readOptionFlags(flags, process.env),
    dataDir: String(flags.dataDir),
    config: flags.config as string | undefined,
    importFile: flags.import as string | undefined,
    exportOnExit: flags.exportOnExit as string | undefined,
    persist: flags.persist as string | undefined,
    persistFsync: Boolean(flags.persistFsync),
  });

  startFlags(program.command('start', { isDefault: true }).description('serve the simulated MIAW API (default command)'))
    .option('--json', 'print the start-up information as one JSON object')
    .action(async (flags: Record<string, unknown>) => {
      const { startCommand } = await import('./start.ts');
      await startCommand({ ...launchOptions(flags), json: Boolean(flags.json) });
    });

  startFlags(
    program
      .command('exec')
      .description('start the simulator (on a free port), run a command with MIAW_MESSAGING_URL, MIAW_ORG_ID, MIAW_ES_DEVELOPER_NAME, MIAW_AUTH_KEY_ID, MIAW_ISSUER, MIAW_PRIVATE_KEY_FILE and MIAW_CONTROL_URL set, stop when it ends, and exit with its code')
      .argument('<command...>', 'the command after --, e.g. -- npm test (one quoted string runs through the shell)')
      .usage('[start flags] -- <command...>'),
  ).action(async (command: string[], flags: Record<string, unknown>) => {
    const { execCommand } = await import('./execCommand.ts');
    process.exitCode = await execCommand({ ...launchOptions(flags), command });
  });

  program
    .command('config-schema')
    .description('print the JSON Schema of miaw-sim.config.json')
    .action(async () => {
      const { configJsonSchema } = await import('../simulator/index.ts');
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });

  program
    .command('keys')
    .description('key pairs for user verification')
    .command('generate')
    .description('write an RSA key pair (PEM) for signing identity tokens; prints the public key to register')
    .option('--out <dir>', 'directory for auth-private-key.pem and auth-public-key.pem', '.')
    .option('--bits <n>', 'RSA modulus length: 2048, 3072 or 4096', '2048')
    .option('--force', 'replace existing key files')
    .option('--certificate', 'also write a self-signed certificate (auth-certificate.pem) and the JWK with x5c (auth-public-key.jwk.json), as Salesforce and requireX5c keysets require')
    .option('--cert-days <n>', 'how long the certificate is valid, in days (11 to 3650)', '365')
    .action(async (flags: { out: string; bits: string; force?: boolean; certificate?: boolean; certDays: string }) => {
      const { keysGenerateCommand } = await import('./keysCommand.ts');
      process.exitCode = await keysGenerateCommand({ out: flags.out, bits: flags.bits, force: Boolean(flags.force), certificate: Boolean(flags.certificate), certDays: flags.certDays }, processOutput);
    });

  addHandoffConfigFlags(
    program
      .command('handoff')
      .description('hand a generated bot session off to the org (or the simulator) and print the rep\'s replies until the session ends')
      .option('--channel <channel>', 'web, whatsapp, sms, phone, or email (opens an Email Case and prints its number)', 'web')
      .option('--language <code>', 'detected language of the session (Chat_language)', 'en')
      .option('--seed <n>', 'seed for the generated session (repeatable data)')
      .option('--json', 'one JSON object per line for each step and event'),
  ).action(async (flags: HandoffConfigFlags & { channel: string; language: string; seed?: string; json?: boolean }) => {
    const [{ loadHandoffConfig }, { handoffCommand }] = await Promise.all([import('./loadHandoffConfig.ts'), import('./handoffCommand.ts')]);
    const { input } = await loadHandoffConfig(flags);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      process.exitCode = await handoffCommand({ config: input, channel: flags.channel, language: flags.language, seed: flags.seed, json: flags.json, signal: controller.signal }, processOutput);
    } finally {
      process.off('SIGINT', onSigint);
    }
  });

  addHandoffConfigFlags(
    program
      .command('doctor')
      .description('check a handoff configuration against its target, step by step; exit code 1 when a check fails')
      .option('--timeout <ms>', 'how long to wait for the messaging URL', '10000')
      .option('--json', 'print the checklist as one JSON object'),
  ).action(async (flags: HandoffConfigFlags & { timeout: string; json?: boolean }) => {
    const [{ loadHandoffConfig }, { doctorCommand }] = await Promise.all([import('./loadHandoffConfig.ts'), import('./doctorCommand.ts')]);
    const loaded = await loadHandoffConfig(flags);
    const timeoutMs = Number(flags.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`[miaw-sim] --timeout must be a positive whole number of milliseconds, got ${JSON.stringify(flags.timeout)}.`);
    process.exitCode = await doctorCommand({ config: loaded.input, description: loaded.description, source: loaded.source, timeoutMs, json: flags.json }, processOutput);
  });

  const scenario = program.command('scenario').description('replay scenarios: the built-in troubleshooting ones, or your own files');
  scenario
    .command('list')
    .argument('[paths...]', 'scenario files or folders (default: the built-in scenarios)')
    .description('list scenarios with what each shows')
    .action(async (paths: string[]) => (await import('./scenarioCommand.ts')).scenarioListCommand(paths));
  scenario
    .command('run')
    .argument('[targets...]', 'scenario files, folders of them, or built-in scenario names (see scenario list)')
    .option('--all', 'run every built-in scenario')
    .option('--reporter <kind[=file]>', 'pretty, junit or json, to standard output or to =<file>; repeat for several (e.g. --reporter junit=out/junit.xml --reporter json=out/scenarios.json)', (value: string, all: string[] = []) => [...all, value])
    .option('--output <file>', 'the file of the one junit or json reporter given without =<file>')
    .option('--client-cmd <command>', 'run this command (through the shell) as the client in every scenario, in place of the built-in handoff client')
    .description('run scenarios against a fresh simulator each; exit code 1 when any fails')
    .action(async (targets: string[], flags: { all?: boolean; reporter?: string[]; output?: string; clientCmd?: string }) => {
      process.exitCode = await (await import('./scenarioCommand.ts')).scenarioRunCommand({ targets, ...flags });
    });
  scenario
    .command('schema')
    .description('print the JSON Schema of scenario files')
    .action(async () => processOutput.out(JSON.stringify((await import('../scenarios/lib/scenarioSchema.ts')).scenarioJsonSchema(), null, 2)));

  return program;
}

// `miaw-sim scenario list | head` closes stdout early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
