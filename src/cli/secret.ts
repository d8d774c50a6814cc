import { parseArgs } from 'node:util';
import { RegcredError } from '../core/errors';
import { PullSecretFormat, pullSecretManifest } from '../core/pull-secret-manifest';
import { RegistryCredentials } from '../core/registry-credentials';
import { EXIT, Io, UsageError } from './io';
import { manifestYaml } from './manifest-yaml';

export const SECRET_HELP = `Usage: regcred secret gitlab|github|dockerhub|basic --name NAME --username USER
         (--password-stdin | --password-env VAR) [--registry REGISTRY] [--namespace NS]
         [--email EMAIL] [--format dockerconfigjson|dockercfg] [--expires-at DATE] [--output yaml|json]

Prints an image pull Secret manifest, so that
  regcred secret gitlab --name gitlab-pull --username gitlab+deploy-token-1 --password-env TOKEN | kubectl apply -f -
both creates the Secret and updates it with a new token. The registry key is
the one the kubelet matches (gitlab: registry.gitlab.com unless --registry;
github: ghcr.io; dockerhub: https://index.docker.io/v1/; basic: --registry).

Options:
  --name NAME            the Secret's name (required)
  --namespace NS         the Secret's namespace (that of the pods using it)
  --username USER        the registry username (required)
  --password-stdin       read the token or password from standard input (one trailing newline is dropped)
  --password-env VAR     read it from environment variable VAR
  --password TOKEN       only with --allow-password-arg: a token on the command line ends up in shell history
  --registry REGISTRY    the registry host (gitlab: a self-managed host with port; basic: required)
  --email EMAIL          an email address to store (never sent to the registry)
  --format FORMAT        dockerconfigjson (default) or the legacy dockercfg
  --expires-at DATE      when the token expires (RFC 3339), recorded on the Secret
  --output yaml|json     manifest format (default yaml)
`;

const KINDS = ['gitlab', 'github', 'dockerhub', 'basic'] as const;

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required\n\n${SECRET_HELP}`);
  return value;
}

/** `regcred secret`: returns the exit code. */
export async function runSecret(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        username: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'password-env': { type: 'string' },
        password: { type: 'string' },
        'allow-password-arg': { type: 'boolean' },
        registry: { type: 'string' },
        email: { type: 'string' },
        format: { type: 'string' },
        'expires-at': { type: 'string' },
        output: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${SECRET_HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(SECRET_HELP);
    return EXIT.OK;
  }
  const kind = positionals[0] as (typeof KINDS)[number] | undefined;
  if (!kind || !KINDS.includes(kind) || positionals.length > 1) {
    throw new UsageError(
      `expected one of ${KINDS.join(', ')}, got ${positionals.length ? positionals.map((p) => `"${p}"`).join(' ') : 'nothing'}\n\n${SECRET_HELP}`,
    );
  }
  const name = need(values.name, '--name');
  const username = need(values.username, '--username');
  const sources = [
    values['password-stdin'],
    values['password-env'] !== undefined,
    values.password !== undefined,
  ].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('give the token with exactly one of --password-stdin or --password-env VAR');
  if (values.password !== undefined && !values['allow-password-arg']) {
    throw new UsageError(
      '--password puts the token in shell history and the process list; use --password-stdin or --password-env VAR (or add --allow-password-arg if you must)',
    );
  }
  let password: string;
  if (values['password-stdin']) password = (await io.readStdin()).replace(/\r?\n$/, '');
  else if (values['password-env'] !== undefined) {
    const v = io.env[values['password-env']];
    if (v === undefined) throw new UsageError(`environment variable ${values['password-env']} is not set`);
    password = v;
  } else password = values.password ?? '';
  const output = values.output ?? 'yaml';
  if (output !== 'yaml' && output !== 'json')
    throw new UsageError(`--output must be "yaml" or "json", got "${output}"`);
  if (kind === 'github' && values.registry !== undefined)
    throw new UsageError('github credentials are keyed on ghcr.io; leave --registry out');

  let credentials: RegistryCredentials;
  try {
    const expiresAt = values['expires-at'];
    const common = { username, ...(expiresAt !== undefined ? { expiresAt } : {}) };
    const registry = values.registry;
    credentials =
      kind === 'gitlab'
        ? RegistryCredentials.gitlab({ ...common, token: password, ...(registry !== undefined ? { registry } : {}) })
        : kind === 'github'
          ? RegistryCredentials.github({ ...common, token: password })
          : kind === 'dockerhub'
            ? RegistryCredentials.dockerHub({
                ...common,
                token: password,
                ...(registry !== undefined ? { registry } : {}),
              })
            : RegistryCredentials.basic({
                ...common,
                password,
                registry: need(registry, '--registry'),
                ...(values.email !== undefined ? { email: values.email } : {}),
              });
    for (const w of credentials.warnings) io.stderr(`regcred: warning: ${w}\n`);
    const manifest = pullSecretManifest({
      name,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      credentials: [credentials],
      ...(values.format !== undefined ? { format: values.format as PullSecretFormat } : {}),
    });
    io.stdout(output === 'json' ? JSON.stringify(manifest, null, 2) + '\n' : manifestYaml(manifest));
    return EXIT.OK;
  } catch (e) {
    if (RegcredError.isRegcredError(e)) throw new UsageError(e.message);
    throw e;
  }
}
