import * as fs from 'node:fs';
import { RegcredError } from '../core/errors';
import { SealingScope } from '../core/sealed-secret';
import { secretOutput } from '../core/secret-output';
import { PullSecretFormat, pullSecretManifest } from '../core/pull-secret-manifest';
import { DEFAULT_REGISTRY_KEYS, RegistryCredentials, RegistryKind } from '../core/registry-credentials';
import { credentialExpiryFindings } from '../core/expiry';
import { presetOf } from '../core/preset-props';
import type { PresetField } from '../core/registries/preset';
import { parseCommandArgs } from './args';
import { EXIT, Io, UsageError, now as commandNow } from './io';
import { manifestYaml } from './manifest-yaml';

export const SECRET_HELP = `Usage: regcred secret KIND --name NAME [--username USER]
         (--password-stdin | --password-env VAR) [--registry REGISTRY] [--namespace NS]
         [--email EMAIL] [--format dockerconfigjson|dockercfg] [--expires-at DATE] [--output yaml|json]
         [--seal CERT.pem [--scope strict|namespace-wide|cluster-wide] | --sops-age RECIPIENT...] [--random]

Prints an image pull Secret manifest, so that
  regcred secret gitlab --name gitlab-pull --username gitlab+deploy-token-1 --password-env TOKEN | kubectl apply -f -
both creates the Secret and updates it with a new token. The registry key is
the one the kubelet matches:
  gitlab        registry.gitlab.com, or --registry for a self-managed host (deploy token)
  gitlab-proxy  gitlab.com and gitlab.com:443, or --registry (Dependency Proxy group deploy token)
  github        ghcr.io (classic token with read:packages)
  dockerhub     https://index.docker.io/v1/ (access token)
  quay          quay.io, or --registry (robot account namespace+robot)
  harbor        --registry (robot account robot$name or robot$project+name)
  gar           --location L gives L-docker.pkg.dev, or --registry (service-account key file's
                JSON as the password; user _json_key, no --username)
  acr           --registry NAME.azurecr.io (repository-scoped token or service principal)
  digitalocean  registry.digitalocean.com (API token as user and password; no --username)
  basic         --registry (any registry)

Options:
  --name NAME            the Secret's name (required)
  --namespace NS         the Secret's namespace (that of the pods using it)
  --username USER        the registry username (required)
  --password-stdin       read the token or password from standard input (one trailing newline is dropped)
  --password-env VAR     read it from environment variable VAR
  --password TOKEN       only with --allow-password-arg: a token on the command line ends up in shell history
  --allow-password-arg   let --password take the token from the command line
  --registry REGISTRY    the registry host (gitlab: a self-managed host with port; harbor, acr, basic: required)
  --location LOCATION    gar only: the repository location (europe-west1, us)
  --accept-refused-token use a token of a kind regcred refuses (a CI job token, an access token that
                         lives hours) with a warning; for pods that only run while it lives
  --email EMAIL          an email address to store (never sent to the registry)
  --format FORMAT        dockerconfigjson (default) or the legacy dockercfg
  --expires-at DATE      when the token expires (RFC 3339), recorded on the Secret
  --output yaml|json     manifest format (default yaml)
  --seal CERT.pem        print a SealedSecret (bitnami.com/v1alpha1) for the Sealed Secrets controller
                         whose certificate this is (kubeseal --fetch-cert), instead of the Secret: safe
                         to commit. The same inputs and certificate print the same bytes (not with --random or basic).
  --scope SCOPE          with --seal: strict (default; this name and namespace only), namespace-wide
                         or cluster-wide
  --sops-age RECIPIENT   print the Secret encrypted with SOPS for this age recipient (age1…, what
                         age-keygen -y prints; repeat for several) instead: safe to commit, opened by
                         Flux's kustomize-controller or sops -d. The same inputs print the same bytes
                         (not with --random or basic).
  --random               with --seal or --sops-age: encrypt with fresh randomness, as kubeseal and
                         sops do (new bytes every run, no guess can be confirmed); the default for
                         basic, whose password a person may have chosen
`;

/**
 * Each kind: its registry kind and the prop `--registry` sets. Whether it takes `--username` and the
 * prop the password goes into come from the kind's field list ({@link roleField}).
 */
export const KINDS = {
  gitlab: { kind: RegistryKind.GITLAB, registry: 'registry' },
  'gitlab-proxy': { kind: RegistryKind.GITLAB_DEPENDENCY_PROXY, registry: 'host' },
  github: { kind: RegistryKind.GITHUB, registry: undefined },
  dockerhub: { kind: RegistryKind.DOCKER_HUB, registry: 'registry' },
  quay: { kind: RegistryKind.QUAY, registry: 'registry' },
  harbor: { kind: RegistryKind.HARBOR, registry: 'registry' },
  gar: { kind: RegistryKind.GOOGLE_ARTIFACT_REGISTRY, registry: 'registry' },
  acr: { kind: RegistryKind.AZURE_CONTAINER_REGISTRY, registry: 'registry' },
  digitalocean: { kind: RegistryKind.DIGITALOCEAN, registry: undefined },
  basic: { kind: RegistryKind.BASIC, registry: 'registry' },
} as const;

/** The prop of `kind` with `role` (the username, the secret), if it has one. */
function roleField(kind: RegistryKind, role: PresetField): string | undefined {
  const fields = presetOf(kind).fields;
  return Object.keys(fields).find((field) => fields[field] === role);
}
type KindName = keyof typeof KINDS;

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required\n\n${SECRET_HELP}`);
  return value;
}

/** `regcred secret`: returns the exit code. */
export async function runSecret(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(
    {
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
        location: { type: 'string' },
        'accept-refused-token': { type: 'boolean' },
        email: { type: 'string' },
        format: { type: 'string' },
        'expires-at': { type: 'string' },
        output: { type: 'string' },
        seal: { type: 'string' },
        scope: { type: 'string' },
        'sops-age': { type: 'string', multiple: true },
        random: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    SECRET_HELP,
  );
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(SECRET_HELP);
    return EXIT.OK;
  }
  const kindName = positionals[0];
  if (kindName === undefined || !Object.prototype.hasOwnProperty.call(KINDS, kindName) || positionals.length > 1) {
    throw new UsageError(
      // Only the first argument is quoted: a later one may be a token given where a flag belonged.
      `expected one of ${Object.keys(KINDS).join(', ')}, got ${kindName === undefined ? 'nothing' : positionals.length > 1 ? `${positionals.length} arguments` : `"${kindName}"`}\n\n${SECRET_HELP}`,
    );
  }
  const spec = KINDS[kindName as KindName];
  const takesUsername = roleField(spec.kind, 'username') !== undefined;
  const name = need(values.name, '--name');
  if (takesUsername) need(values.username, '--username');
  else if (values.username !== undefined) {
    throw new UsageError(
      `${kindName} takes no --username (${spec.kind === RegistryKind.DIGITALOCEAN ? 'the token is the user name' : 'the user name is _json_key'})`,
    );
  }
  if (spec.registry === undefined && values.registry !== undefined) {
    throw new UsageError(
      `${kindName} credentials are keyed on ${DEFAULT_REGISTRY_KEYS[spec.kind]}; leave --registry out`,
    );
  }
  if (values.location !== undefined && spec.kind !== RegistryKind.GOOGLE_ARTIFACT_REGISTRY) {
    throw new UsageError('--location is for gar only');
  }
  if (values.email !== undefined && spec.kind !== RegistryKind.BASIC) throw new UsageError('--email is for basic only');
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
  // A key file read whole keeps its inner newlines; one trailing newline (echo, a file) is dropped.
  if (values['password-stdin']) password = (await io.readStdin()).replace(/\r?\n$/, '');
  else if (values['password-env'] !== undefined) {
    const v = io.env[values['password-env']];
    if (v === undefined) throw new UsageError(`environment variable ${values['password-env']} is not set`);
    password = v;
  } else password = values.password ?? '';
  const output = values.output ?? 'yaml';
  if (output !== 'yaml' && output !== 'json')
    throw new UsageError(`--output must be "yaml" or "json", got "${output}"`);
  if (values.scope !== undefined && values.seal === undefined) throw new UsageError('--scope is for --seal only');
  const sopsAge = values['sops-age'];
  if (values.seal !== undefined && sopsAge !== undefined) {
    throw new UsageError('--seal and --sops-age print the Secret in two different forms; give one of them');
  }
  if (values.random && values.seal === undefined && sopsAge === undefined) {
    throw new UsageError('--random is for --seal or --sops-age only');
  }
  if (values.scope !== undefined && !(Object.values(SealingScope) as string[]).includes(values.scope)) {
    throw new UsageError(
      `--scope must be one of ${Object.values(SealingScope).join(', ')}, got ${JSON.stringify(values.scope)}`,
    );
  }
  let certificate: string | undefined;
  if (values.seal !== undefined) {
    try {
      // A certificate is a few KiB; anything past 1 MiB is not one, and is not read whole.
      if (fs.statSync(values.seal).size > 1024 * 1024) {
        throw new UsageError(
          `--seal ${JSON.stringify(values.seal)} is larger than 1 MiB; give the controller's certificate (kubeseal --fetch-cert > cert.pem)`,
        );
      }
      certificate = fs.readFileSync(values.seal, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(
        `--seal ${JSON.stringify(values.seal)}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}; give the controller's certificate (kubeseal --fetch-cert > cert.pem)`,
      );
    }
  }

  let credentials: RegistryCredentials;
  try {
    const props: Record<string, unknown> = {
      [roleField(spec.kind, 'secret') ?? 'token']: password,
      ...(takesUsername ? { username: values.username } : {}),
      ...(spec.registry !== undefined && values.registry !== undefined ? { [spec.registry]: values.registry } : {}),
      ...(values.location !== undefined ? { location: values.location } : {}),
      ...(values.email !== undefined ? { email: values.email } : {}),
      ...(values['expires-at'] !== undefined ? { expiresAt: values['expires-at'] } : {}),
      ...(values['accept-refused-token'] ? { acceptRefusedToken: true } : {}),
    };
    if (
      (spec.kind === RegistryKind.HARBOR ||
        spec.kind === RegistryKind.AZURE_CONTAINER_REGISTRY ||
        spec.kind === RegistryKind.BASIC) &&
      values.registry === undefined
    ) {
      need(undefined, '--registry');
    }
    credentials = RegistryCredentials._fromPreset(spec.kind, props);
    for (const w of credentials.warnings) io.stderr(`regcred: warning: ${w}\n`);
    // The constructs' rule: an expired token fails, one expiring within 30 days warns.
    for (const f of credentialExpiryFindings(name, [credentials], { now: commandNow(io) })) {
      if (f.state === 'expired') throw new UsageError(`--expires-at: ${f.message} ${f.fix}`);
      io.stderr(`regcred: warning: ${f.message}\n`);
    }
    const manifest = pullSecretManifest({
      name,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      credentials: [credentials],
      ...(values.format !== undefined ? { format: values.format as PullSecretFormat } : {}),
    });
    const out = secretOutput({
      ...(certificate !== undefined
        ? {
            seal: {
              certificate,
              ...(values.scope !== undefined ? { scope: values.scope as SealingScope } : {}),
              ...(values.random ? { deterministic: false } : {}),
            },
          }
        : {}),
      ...(sopsAge !== undefined ? { sops: { age: sopsAge, ...(values.random ? { deterministic: false } : {}) } } : {}),
    }).render(manifest, [spec.kind], commandNow(io));
    const printed = { apiVersion: out.apiVersion, kind: out.kind, metadata: out.metadata, ...out.body };
    io.stdout(output === 'json' ? JSON.stringify(printed, null, 2) + '\n' : manifestYaml(printed));
    return EXIT.OK;
  } catch (e) {
    if (RegcredError.isRegcredError(e)) throw new UsageError(asFlags(e.message));
    throw e;
  }
}

/** A message about `sops.age[N]` as the command line says it: the Nth --sops-age. */
function asFlags(message: string): string {
  return message
    .replace(/'sops\.age\[(\d+)\]'/g, (_, i: string) => `--sops-age #${Number(i) + 1}`)
    .replace(/'sops\.age'/g, '--sops-age');
}
