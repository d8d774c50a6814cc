import * as fs from 'node:fs';
import {
  DOCKER_CONFIG_JSON_TYPE,
  DockerConfigError,
  parseDockerConfigJson,
  KubeObject,
  RegcredError,
  SecretObject,
  containerImages,
  findPodSpecs,
  pullSecretRefs,
} from '../core/internal';
import { VerifyResult, verifyPull } from '../registry';
import { parseCommandArgs } from './args';
import { EXIT, Io, UsageError, printable } from './io';
import { InputError, readManifests } from './read-manifests';

export const VERIFY_HELP = `Usage: regcred verify --image IMAGE (--secret FILE... | --manifests PATH... | --docker-config FILE)
         [--namespace NS] [--plain-http HOST...] [--ca-file FILE] [--output text|json] [--timeout 10s] [--each]

Logs in to the image's registry with the credentials the kubelet would use and
asks for the image's manifest, trying each credential in kubelet order.

Credentials come from:
  --secret FILE        Secret manifests, in imagePullSecrets order
  --manifests PATH     manifests (files or directories): the pull secrets of the pods that use IMAGE
                       (their own imagePullSecrets or their ServiceAccount's), or else every pull
                       secret of the namespace
  --docker-config FILE a docker config.json

Options:
  --namespace NS       namespace for --manifests (default: that of the first pod using IMAGE, or "default")
  --plain-http HOST    speak plain HTTP to this host (registry or token service, with port); repeatable.
                       Credentials go nowhere else in clear text: a plain-HTTP token service (realm)
                       or redirect to a host not named here ends in INSECURE_HTTP before anything is sent.
  --ca-file FILE       PEM certificates to trust besides the system's (a registry with a private CA)
  --output text|json   (default text)
  --timeout DURATION   time limit of the whole command, every request, redirect and retry included:
                       500ms, 10s, 1m (default 10s; at most 24h). A network error or a 5xx/429 answer
                       is retried twice (after 200 ms and 400 ms) while time remains.
  --each               try every credential, not only up to the first that works (the kubelet's way);
                       OK only when all work. Use it during a rotation, before revoking the old token.

Outcomes: OK, NO_MATCHING_CREDENTIALS, CREDENTIALS_REJECTED, NOT_ALLOWED, IMAGE_NOT_FOUND,
UNREACHABLE, TLS_ERROR, TIMEOUT, INSECURE_HTTP (credentials would go over plain HTTP),
REGISTRY_ERROR (an answer a runtime cannot use: a realm that is no HTTPS URL, HTML instead of a
token, too many redirects), UNPROVEN (--each: the registry served the image without asking for the
credential). Exit status 0 only for OK, 1 otherwise, 2 for usage errors.
No credential, token or Authorization header is ever printed.
`;

const DAY_MS = 24 * 60 * 60 * 1000;

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) throw new UsageError(`--timeout must look like 500ms, 10s, 1m or 1h, got "${text}"`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60000 : m[2] === 'h' ? n * 3600000 : n * 1000;
  if (!(ms >= 1)) throw new UsageError(`--timeout must be at least 1ms, got "${text}"`);
  if (ms > DAY_MS) throw new UsageError(`--timeout must be at most 24h, got "${text}"`);
  return ms;
}

/** The PEM certificates of a --ca-file. */
function readCaFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `--ca-file ${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (certs.length === 0)
    throw new UsageError(`--ca-file ${file}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it`);
  return certs;
}

function secretsFromManifests(objects: KubeObject[], image: string, namespace: string | undefined): SecretObject[] {
  const nsOf = (o: KubeObject): string => o.metadata?.namespace ?? 'default';
  const pod = objects.find(
    (o) => containerImages(o).some((c) => c.image === image) && (namespace === undefined || nsOf(o) === namespace),
  );
  const ns = namespace ?? (pod ? nsOf(pod) : 'default');
  const secrets = objects.filter((o) => o.kind === 'Secret' && nsOf(o) === ns) as SecretObject[];
  if (!pod) return secrets.filter((s) => s.type === DOCKER_CONFIG_JSON_TYPE || s.type === 'kubernetes.io/dockercfg');
  const spec = findPodSpecs(pod)[0]?.spec;
  let refs = pullSecretRefs(spec);
  if (refs.length === 0) {
    const saName = spec?.serviceAccountName ?? spec?.serviceAccount ?? 'default';
    refs = pullSecretRefs(
      objects.find((o) => o.kind === 'ServiceAccount' && o.metadata?.name === saName && nsOf(o) === ns),
    );
  }
  return refs.flatMap((r) => secrets.filter((s) => s.metadata?.name === r.name));
}

function formatText(r: VerifyResult): string {
  const lines = [`verify ${r.image} (looked up as ${r.repoToPull})`];
  r.attempts.forEach((a, i) => {
    const who = a.credential
      ? `user "${a.credential.username}" (${a.credential.secretName !== undefined ? `secret "${a.credential.secretName}", ` : ''}key "${a.credential.registryKey}")`
      : 'anonymous (no pull secret matches)';
    const proof =
      a.credential && a.outcome === 'OK' ? (a.proven ? ' [credential proven]' : ' [credential not tested]') : '';
    lines.push(printable(`  ${i + 1}. ${who}: ${a.outcome}${proof}: ${a.detail}`));
  });
  lines.push(printable(`result: ${r.outcome}: ${r.message}`));
  if (r.outcome !== 'OK') lines.push(printable(`fix: ${r.fix}`));
  return lines.join('\n') + '\n';
}

/** `regcred verify`: returns the exit code. */
export async function runVerify(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    {
      args: [...argv],
      options: {
        image: { type: 'string' },
        secret: { type: 'string', multiple: true },
        manifests: { type: 'string', multiple: true },
        'docker-config': { type: 'string' },
        namespace: { type: 'string' },
        'plain-http': { type: 'string', multiple: true },
        'ca-file': { type: 'string' },
        output: { type: 'string' },
        timeout: { type: 'string' },
        each: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    VERIFY_HELP,
  );
  if (values.help) {
    io.stdout(VERIFY_HELP);
    return EXIT.OK;
  }
  const image = values.image;
  if (!image) throw new UsageError(`--image is required\n\n${VERIFY_HELP}`);
  const sources = [values.secret, values.manifests, values['docker-config']].filter((v) => v !== undefined).length;
  if (sources !== 1)
    throw new UsageError('give credentials with exactly one of --secret, --manifests or --docker-config');
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new UsageError(`--output must be "text" or "json", got "${output}"`);
  const timeoutMs = parseDuration(values.timeout ?? '10s');
  const extraCa = values['ca-file'] !== undefined ? readCaFile(values['ca-file']) : [];

  let secrets: SecretObject[];
  try {
    if (values['docker-config'] !== undefined) {
      const file = values['docker-config'];
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new InputError(`${file}: cannot read: ${(e as Error).message}`);
      }
      try {
        parseDockerConfigJson(text);
      } catch (e) {
        if (!(e instanceof DockerConfigError)) throw e;
        throw new InputError(
          `${file}: cannot be read as a docker config.json: ${e.message}. A container runtime given this file fails every pull; fix it, or write it again with docker login or regcred secret.`,
        );
      }
      secrets = [
        { metadata: { name: file }, type: DOCKER_CONFIG_JSON_TYPE, stringData: { '.dockerconfigjson': text } },
      ];
    } else {
      const objects = (await readManifests(values.secret ?? values.manifests ?? [], io.readStdin)).map((o) => o.object);
      secrets = values.secret
        ? objects.filter((o) => o.kind === 'Secret')
        : secretsFromManifests(objects, image, values.namespace);
    }
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  let result: VerifyResult;
  try {
    result = await verifyPull(secrets, image, {
      plainHttp: values['plain-http'] ?? [],
      extraCa,
      timeoutMs,
      each: values.each ?? false,
    });
  } catch (e) {
    if (RegcredError.isRegcredError(e)) throw new UsageError(e.message);
    throw e;
  }
  io.stdout(output === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatText(result));
  return result.outcome === 'OK' ? EXIT.OK : EXIT.FINDINGS;
}
