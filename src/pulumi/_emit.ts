/** The Secrets (or SealedSecrets) a registry secret component emits, one per namespace, and its warnings. */
import { createHash } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  ExpiryOptions,
  PullSecretFormat,
  RegcredError,
  expiryVerdict,
  RegistryCredentials,
  pullSecretBody,
  RegistryKind,
  secretOutput,
} from '../core/internal';
import type { SecretOutput } from '../core/internal';
import { RegistryCredentialsInput, resolveCredentialsOrFail } from './credentials-input';
import { componentError } from './errors';
import type { RegistrySecretOptions } from './registry-secret-args';

export function contentHash(data: Record<string, string>, type: string): string {
  return createHash('sha256').update(JSON.stringify({ data, type }), 'utf8').digest('hex').slice(0, 10);
}

export interface Emitted {
  readonly secretName: pulumi.Output<string>;
  readonly secrets: k8s.core.v1.Secret[];
  readonly sealedSecrets: k8s.apiextensions.CustomResource[];
  readonly credentials: pulumi.Output<RegistryCredentials[]>;
}

/**
 * `value`, once `guard` is known: an Output that rejects as soon as `guard` does. A resource whose
 * registration failed never resolves its outputs, so whatever reads them (a workload wired to the
 * Secret's name) would wait forever; reading them through the guard ends with the same error.
 */
export function guarded<T>(guard: pulumi.Output<unknown>, value: pulumi.Output<T>): pulumi.Output<T> {
  return pulumi.all([pulumi.unsecret(guard.apply(() => true)), value]).apply(([, v]) => v as T);
}

/** The rendered Secret of some credentials: type, annotations and base64 data. */
export interface SecretBody {
  readonly type: string;
  readonly data: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** One Secret per namespace for `inputs`, named `<baseName>-<content hash>`. */
export function emitSecrets(
  parent: pulumi.ComponentResource,
  childName: string,
  baseName: pulumi.Input<string>,
  inputs: readonly RegistryCredentialsInput[],
  field: string,
  args: RegistrySecretOptions,
  now: Date,
  expiry?: { readonly label: string; readonly options: ExpiryOptions },
): Emitted {
  const format = args.format ?? PullSecretFormat.DOCKER_CONFIG_JSON;
  const credentials = resolveCredentialsOrFail(inputs, field, parent);
  // The rendered Secret, secret end to end. Credentials that break a rule, or an expired token
  // (with failWhenExpired), reject it with one ResourceError: the Secrets and everything wired to
  // them are never registered, and the update ends with that error on the component.
  const body: pulumi.Output<SecretBody> = pulumi.secret(
    credentials.apply((cs) => {
      const expired = expiry ? expiryVerdict(expiry.label, cs, expiry.options).errors : [];
      if (expired.length > 0) throw componentError(expired.join('\n'), parent);
      try {
        const m = pullSecretBody({ credentials: cs, format });
        return { type: m.type, data: m.data, annotations: m.metadata.annotations };
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        throw componentError(e.message, parent);
      }
    }),
  );
  const secretName: pulumi.Output<string> =
    args.appendHash === false
      ? pulumi.output(baseName)
      : pulumi.unsecret(
          pulumi.all([pulumi.output(baseName), body]).apply(([b, m]) => `${b}-${contentHash(m.data, m.type)}`),
        );
  const namespaces: Array<pulumi.Input<string> | undefined> =
    args.namespaces && args.namespaces.length > 0 ? [...args.namespaces] : [undefined];
  const childOf = (ns: pulumi.Input<string> | undefined, i: number): string =>
    ns === undefined ? childName : typeof ns === 'string' ? `${childName}-${ns}` : `${childName}-${i}`;
  const output = secretOutput(args);
  // A plain Secret goes in core/v1 Secrets, whose data Pulumi keeps secret; another format's object
  // (ciphertext only its controller opens) in custom resources of its kind.
  if (!output.plaintext) {
    const objects = namespaces.map((ns, i) =>
      customResourceSecret(
        parent,
        output,
        childOf(ns, i),
        ns,
        secretName,
        body,
        args,
        now,
        inputs.map((c) => c.kind),
      ),
    );
    return {
      secretName: guarded(
        pulumi.all(objects.map((o) => o.rendered)),
        pulumi.unsecret(objects[0].resource.metadata.name),
      ),
      secrets: [],
      sealedSecrets: objects.map((o) => o.resource),
      credentials,
    };
  }
  const secrets = namespaces.map(
    (ns, i) =>
      new k8s.core.v1.Secret(
        childOf(ns, i),
        {
          metadata: {
            name: secretName,
            ...(ns !== undefined ? { namespace: ns } : {}),
            ...(args.labels ? { labels: args.labels } : {}),
            annotations: pulumi.unsecret(body.apply((b) => b.annotations)),
          },
          type: pulumi.unsecret(body.apply((b) => b.type)),
          data: body.apply((b) => b.data),
        },
        { parent },
      ),
  );
  return {
    secretName: guarded(body, pulumi.unsecret(secrets[0].metadata.name)),
    secrets,
    sealedSecrets: [],
    credentials,
  };
}

/** A Kubernetes object of the core group as the provider's resource of its kind, with every field given. */
class CoreObject extends pulumi.CustomResource {
  declare public readonly metadata: pulumi.Output<{ name: string }>;
  public constructor(type: string, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

/**
 * The object of one namespace in `output`'s format (a SealedSecret): the Secret `body` describes,
 * rendered once its values are known. Only the rendered object (ciphertext) leaves the secret
 * Output. A format that cannot emit (an expired sealing certificate) rejects it with a
 * ResourceError, as refused credentials do.
 */
export function customResourceSecret(
  parent: pulumi.ComponentResource,
  output: SecretOutput,
  childName: string,
  namespace: pulumi.Input<string> | undefined,
  secretName: pulumi.Output<string>,
  body: pulumi.Output<SecretBody>,
  args: RegistrySecretOptions,
  now: Date,
  kinds: readonly RegistryKind[],
): { readonly resource: k8s.apiextensions.CustomResource; readonly rendered: pulumi.Output<unknown> } {
  const rendered = pulumi
    .all([secretName, body, pulumi.output(args.labels ?? {}), pulumi.output(namespace)])
    .apply(([name, b, labels, ns]) => {
      try {
        return output.render(
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              name,
              ...(ns !== undefined ? { namespace: ns } : {}),
              ...(Object.keys(labels).length > 0 ? { labels: labels } : {}),
              ...(b.annotations ? { annotations: b.annotations } : {}),
            },
            type: b.type,
            data: b.data,
          },
          kinds,
          now,
        );
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
        throw componentError(e.message, parent);
      }
    });
  const fields = Object.fromEntries(
    output.bodyFields.map((k) => [k, pulumi.unsecret(rendered.apply((r) => r.body[k] ?? {}))]),
  );
  const props = {
    apiVersion: output.apiVersion,
    kind: output.kind,
    metadata: {
      name: guarded(rendered, secretName),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(args.labels ? { labels: args.labels } : {}),
      annotations: pulumi.unsecret(rendered.apply((r) => r.metadata.annotations ?? {})),
    },
    // Ciphertext only the controller or the age identity opens: kept out of Pulumi's secret handling.
    ...fields,
  };
  const resource = output.apiVersion.includes('/')
    ? new k8s.apiextensions.CustomResource(childName, props, { parent })
    : // A core-group object (the v1 Secret SOPS encrypts) under the provider's own type token
      // (kubernetes:core/v1:Secret), with the fields its typed class would drop (sops).
      (new CoreObject(`kubernetes:core/${output.apiVersion}:${output.kind}`, childName, props, {
        parent,
      }) as unknown as k8s.apiextensions.CustomResource);
  return { resource, rendered };
}

/**
 * Once the credentials are known: logs their warnings (a trimmed newline, a token
 * kind that may not work) and tokens expiring soon. An expired token is an error,
 * raised where its Secret is rendered (emitSecrets).
 */
export function logWarnings(
  parent: pulumi.ComponentResource,
  secret: string,
  credentials: pulumi.Output<RegistryCredentials[]>,
  options: ExpiryOptions,
): pulumi.Output<RegistryCredentials[]> {
  return credentials.apply((cs) => {
    for (const c of cs) for (const w of c.warnings) void pulumi.log.warn(`${c.registry}: ${w}`, parent);
    for (const w of expiryVerdict(secret, cs, options).warnings) void pulumi.log.warn(w, parent);
    return cs;
  });
}
