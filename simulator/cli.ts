import { Command } from 'commander';
import { addOptionFlags, readOptionFlags } from './cli/optionFlags.ts';
import { startCommand } from './cli/start.ts';
import { configJsonSchema } from './config/configSchema.ts';

/** The `miaw-sim` command line. Later commands (keys, handoff, doctor, scenario) hang off `program`. */
export function buildProgram(): Command {
  const program = new Command('miaw-sim').description('Local simulator of Salesforce Messaging for In-App and Web (MIAW)').showHelpAfterError();

  addOptionFlags(
    program
      .command('start', { isDefault: true })
      .description('serve the simulated MIAW API (default command)')
      .option('--config <file>', 'miaw-sim.config.json declaring more orgs, keysets and deployments')
      .option('--data-dir <dir>', 'where the default key pair and token secret live', process.env.MIAW_SIM_DATA_DIR ?? '.miaw-sim')
      .option('--import <file>', 'start from a state export (GET /__sim/v1/state)')
      .option('--export-on-exit <file>', 'write the state to this file on Ctrl+C / SIGTERM')
      .option('--json', 'print the start-up information as one JSON object'),
  ).action(async (flags: Record<string, unknown>) => {
    await startCommand({
      options: readOptionFlags(flags, process.env),
      dataDir: String(flags.dataDir),
      config: flags.config as string | undefined,
      importFile: flags.import as string | undefined,
      exportOnExit: flags.exportOnExit as string | undefined,
      json: Boolean(flags.json),
    });
  });

  program
    .command('config-schema')
    .description('print the JSON Schema of miaw-sim.config.json')
    .action(() => {
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });

  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
