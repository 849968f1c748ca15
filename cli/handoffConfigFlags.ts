import type { Command } from 'commander';

/** Kept apart from loadHandoffConfig.ts so registering the commands loads nothing heavy. */
export const DEFAULT_PASSPHRASE_ENV = 'MIAW_HANDOFF_PASSPHRASE';

/** The configuration flags `handoff` and `doctor` share, as commander hands them over. */
export interface HandoffConfigFlags {
  sim?: string;
  dataDir?: string;
  settings?: string;
  passphraseEnv?: string;
  messagingUrl?: string;
  instanceUrl?: string;
  orgId?: string;
  esDeveloperName?: string;
  authKeyId?: string;
  issuer?: string;
  publicKey?: string;
  privateKey?: string;
}

export function addHandoffConfigFlags(command: Command): Command {
  return command
    .option('--sim <url>', 'the running simulator: org, deployment, issuer, keys and Auth Key ID from its --data-dir')
    .option('--data-dir <dir>', 'with --sim: the data dir the simulator was started with', process.env.MIAW_SIM_DATA_DIR ?? '.miaw-sim')
    .option('--settings <file>', 'a saved handoff settings file (its private key is encrypted)')
    .option('--passphrase-env <var>', 'with --settings: the environment variable holding the passphrase', DEFAULT_PASSPHRASE_ENV)
    .option('--messaging-url <url>', 'https://<domain>.my.salesforce-scrt.com (or the simulator URL)')
    .option('--instance-url <url>', 'https://<domain>.my.salesforce.com (the messaging URL is derived from it)')
    .option('--org-id <id>', 'Salesforce org id (00D..., 15 or 18 characters)')
    .option('--es-developer-name <name>', 'API name of the Embedded Service deployment')
    .option('--auth-key-id <kid>', 'Auth Key ID of the registered public key')
    .option('--issuer <iss>', 'issuer of the user-verification keyset')
    .option('--public-key <file>', 'PEM (SPKI) public key file')
    .option('--private-key <file>', 'PEM (PKCS#8) private key file');
}

