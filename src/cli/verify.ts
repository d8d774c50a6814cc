import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DOCKER_CONFIG_JSON_TYPE,
  KubeObject,
  RegcredError,
  SecretObject,
  containerImages,
  findPodSpecs,
  pullSecretRefs,
} from '../core';
import { VerifyResult, verifyPull } from '../registry';
import { EXIT, Io, UsageError } from './io';
import { InputError, readManifests } from './read-manifests';

export const VERIFY_HELP = `Usage: regcred verify --image IMAGE (--secret FILE... | --manifests PATH... | --docker-config FILE)
         [--namespace NS] [--plain-http HOST...] [--output text|json] [--timeout 10s]

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
  --plain-http HOST    speak plain HTTP to this registry host (with port); repeatable
  --output text|json   (default text)
  --timeout DURATION   time limit of each request: 500ms, 10s, 1m (default 10s)
  --each               try every credential, not only up to the first that works (the kubelet's way);
                       OK only when all work. Use it during a rotation, before revoking the old token.

Outcomes: OK, NO_MATCHING_CREDENTIALS, CREDENTIALS_REJECTED, NOT_ALLOWED, IMAGE_NOT_FOUND,
UNREACHABLE, TLS_ERROR, TIMEOUT. Exit status 0 only for OK, 1 otherwise, 2 for usage errors.
No credential, token or Authorization header is ever printed.
`;

function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) throw new UsageError(`--timeout must look like 500ms, 10s or 1m, got "${text}"`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60000 : n * 1000;
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
    lines.push(`  ${i + 1}. ${who}: ${a.outcome}: ${a.detail}`);
  });
  lines.push(`result: ${r.outcome}: ${r.message}`);
  if (r.outcome !== 'OK') lines.push(`fix: ${r.fix}`);
  return lines.join('\n') + '\n';
}

/** `regcred verify`: returns the exit code. */
export async function runVerify(argv: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        image: { type: 'string' },
        secret: { type: 'string', multiple: true },
        manifests: { type: 'string', multiple: true },
        'docker-config': { type: 'string' },
        namespace: { type: 'string' },
        'plain-http': { type: 'string', multiple: true },
        output: { type: 'string' },
        timeout: { type: 'string' },
        each: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${VERIFY_HELP}`);
  }
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
